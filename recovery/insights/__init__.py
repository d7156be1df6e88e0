"""What seems to help *this* patient: each factor they log against each pain measure, on the
same day and on the next, with honest intervals.

`series` reads the patient's log into one table of days (a fixed handful of queries);
`estimate` works out one comparison; `findings` makes every comparison, accounts for how
many were made, and words the results with the traps that apply.

The method, in short: for a factor (a stretch that day, a medicine, sitting more than usual)
and an outcome (leg pain that day, or the next), the difference in the outcome between days
with and days without is compared *within the same calendar week* (week fixed effects), so
the slow recovery over the weeks, and anything else that drifts with it, cannot pass for an
effect. Its 95 % interval takes the larger of the ordinary standard error and Newey-West's
with a week of lags, which allows for one day's pain carrying into the next. A result is
called a finding only if it survives Holm's correction for the number of comparisons made,
which keeps the chance that even one finding on the page is a fluke under 5 %. Nothing is
estimated with fewer than 7 days with and 7 without. Association, never cause.
"""
