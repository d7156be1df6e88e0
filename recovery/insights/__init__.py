"""What seems to help *this* patient: each factor they log against each pain measure, on the
same day and on the next, with honest intervals.

`series` reads the patient's log into one table of days (a fixed handful of queries);
`estimate` works out one comparison; `findings` makes every comparison, accounts for how
many were made, and words the results with the traps that apply.

The method, in short: for a factor (a stretch that day, a medicine, sitting more than usual)
and an outcome (leg pain that day, or the next), the difference in the outcome between days
with and days without is compared *within the same calendar week and the same weekday*
(week and weekday fixed effects), so neither the slow recovery over the weeks nor a weekly
pattern is read as the factor's doing (other things that move with the factor still can).
Its 95 % interval allows for one day's pain carrying into the next. A result is called a
finding only if it survives Holm's correction for the number of comparisons made, which
keeps the chance that even one finding on the page is a fluke under 5 %, and if its size,
pulled toward zero against the winner's curse, still leaves zero out of its range. Factors
logged on exactly the same days are merged; whatever can follow pain carries the warning
that it may; the page says how large a difference the log could show so far. Nothing is
estimated with fewer than 7 days with and 7 without. Association, never cause. Measured
on simulated patients in tests/insight_simulation.py.
"""
