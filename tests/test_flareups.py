"""Flare-ups: the definition on hand-worked days, and the verdict on simulated patients.

The simulated courses follow the demo generator's "improves" course (recovery/demo.py):
pain falls toward 30 % of its start over about three months, with day-to-day noise, missed
days, and flare-ups of 2-4 days at +3 points (or as given) starting on 2 % of days, all
through. Such a patient must rarely read "worse" for flare-ups (only as often as chance
allows), and the definition must find planted flare-ups as far as this patient's noise
(about ±1 point a day) allows: a day-long +3 is within it about one time in five, a +4 rarely.
The price of a definition that noise does not trigger (tests/test_progress_simulation.py):
when flare-ups become the patient's usual days (a start on 12 % of days, a third of all days
in a flare-up), they raise the usual level they are measured from, and a rise in their rate
is called for few patients.
"""

import datetime
import random

import pytest

from recovery import demo
from recovery.models import TimelinePhase
from recovery.progress import comparison, flareups
from recovery.progress.change import CLEARLY_WORSE as WORSE

START = datetime.date(2025, 1, 1)
PHASES = [
    TimelinePhase(name="Weeks 1–2", first_day=1, last_day=14, measure="muscle_tightness"),
    TimelinePhase(name="Weeks 3–4", first_day=15, last_day=28, measure="nerve_symptoms"),
    TimelinePhase(name="Months 2–3", first_day=29, last_day=90, measure="mobility_and_pain"),
    TimelinePhase(name="Long-term", first_day=91, last_day=None, measure="flare_ups"),
]
PATIENTS = 300
DAYS = 365


def on(day):
    return START + datetime.timedelta(days=day - 1)


# The definition, by hand


def test_noise_at_low_pain_is_not_a_flare_up():
    # Usual level 1 (median of 1s and 2s); a 3 is 2 above it but below moderate (4).
    days = [(on(n), 1 if n % 2 else 2) for n in range(1, 15)] + [(on(15), 3)]
    assert flareups.flags(days)[on(15)] is False


def test_a_moderate_jump_over_the_usual_level_is_one():
    # Usual level: the median of days 1-14 (3s) is 3; 5 is 2 above it and moderate.
    days = [(on(n), 3) for n in range(1, 15)] + [(on(15), 5), (on(16), 4)]
    flagged = flareups.flags(days)
    assert (flagged[on(15)], flagged[on(16)]) == (True, False)


def test_the_usual_level_is_not_pulled_up_by_the_flare_up_itself():
    # Three days at 7 after eleven 3s: the median of the 14 before day 18 is still 3.
    days = [(on(n), 3) for n in range(1, 12)] + [(on(n), 7) for n in range(12, 19)]
    flagged = flareups.flags(days)
    assert [flagged[on(n)] for n in range(12, 19)] == [True] * 7


def test_days_without_enough_history_are_not_judged():
    days = [(on(n), 8) for n in range(1, 8)]
    assert flareups.flags(days) == {}
    assert on(8) in flareups.flags([*days, (on(8), 8)])


def test_a_run_of_flare_up_days_is_one_episode():
    assert flareups.episodes([False, True, True, True, False, True, False, False]) == 2
    assert flareups.episodes([]) == 0


def test_the_binomial_tail():
    # P(X >= 2) for X ~ Bin(3, 0.5) = (3 + 1) / 8.
    assert flareups.binomial_tail_at_least(2, 3, 0.5) == pytest.approx(0.5)
    assert flareups.binomial_tail_at_least(0, 5, 0.3) == pytest.approx(1)


# Simulated patients


def course(seed, long_term_flare_chance=0.02, planted=None, size=3):
    """One patient's year, as the demo generator builds the "improves" course. The logged
    days of each flare-up from day 91 on are added to `planted`, one list per flare-up."""
    rng = random.Random(seed)
    shape = demo.COURSE_SHAPES["improves"]
    pain0 = rng.uniform(6, 8.5)
    entries, flare_left, gap_left, current = [], 0, 0, None
    for day in range(1, DAYS + 1):
        if gap_left:
            gap_left -= 1
            continue
        if rng.random() < 0.004 and day < DAYS - 7:
            gap_left = rng.randint(5, 12)
            continue
        if rng.random() < 0.15:
            continue
        chance = long_term_flare_chance if day >= 91 else 0.02
        if flare_left == 0 and rng.random() < chance:
            flare_left = rng.randint(2, 4)
            current = [] if planted is not None and day >= 91 else None
            if current is not None:
                planted.append(current)
        if flare_left and current is not None:
            current.append(on(day))
        flare = size if flare_left else 0
        flare_left = max(0, flare_left - 1)
        pain = pain0 * shape.factor(day, lag=20) + flare
        entries.append(
            {
                "date": on(day),
                "leg_pain": demo.clamp(pain + rng.gauss(0, 0.8)),
                "back_pain": demo.clamp(pain * 0.7 + rng.gauss(0, 0.8)),
            }
        )
    return entries


def flare_verdicts(long_term_flare_chance, size=3):
    verdicts = []
    for seed in range(PATIENTS):
        entries = course(seed, long_term_flare_chance, size=size)
        compared = comparison.compare(entries, START, on(DAYS), PHASES)
        long_term = next(p for p in compared.phases if p.phase.name == "Long-term")
        verdicts.append(long_term.results[0].verdict)
    return verdicts


def test_a_recovering_patient_with_ordinary_flare_ups_rarely_reads_worse():
    verdicts = flare_verdicts(long_term_flare_chance=0.02)
    assert comparison.NOT_ENOUGH not in verdicts
    false_worse = verdicts.count(WORSE) / PATIENTS
    # A one-sided test at 5 % may say "worse" by chance on up to 5 % of patients.
    assert false_worse <= 0.05, false_worse


def test_a_recovering_patient_without_flare_ups_never_reads_worse():
    assert flare_verdicts(long_term_flare_chance=0.0).count(WORSE) == 0


@pytest.mark.parametrize(
    ("size", "chance", "at_least"),
    [
        (3, 0.02, 0.70),  # measured 78.4 % of 1,303 flare-ups
        (4, 0.02, 0.95),  # measured 96.7 %
        (5, 0.02, 0.98),  # measured 99.2 %
        # A third of all days in flare-ups: they raise the usual level themselves (40.2 %).
        (5, 0.12, 0.35),
    ],
)
def test_planted_flare_ups_are_found(size, chance, at_least):
    """A flare-up planted after day 90 has at least one of its logged days flagged."""
    planted_in_all, found = 0, 0
    for seed in range(PATIENTS):
        planted = []
        entries = course(seed, long_term_flare_chance=chance, planted=planted, size=size)
        flagged = flareups.flags((e["date"], max(e["leg_pain"], e["back_pain"])) for e in entries)
        episodes = [days for days in planted if days]
        planted_in_all += len(episodes)
        found += sum(any(flagged.get(day) for day in days) for days in episodes)
    assert planted_in_all > 1000
    assert found / planted_in_all >= at_least, found / planted_in_all


def test_a_sixfold_rise_is_never_called_fewer():
    verdicts = flare_verdicts(long_term_flare_chance=0.12, size=5)
    # Called worse for 5.3 % (16 of 300); the rest read "no clear change", never "fewer".
    assert verdicts.count(WORSE) >= 5
    assert comparison.BETTER not in verdicts
