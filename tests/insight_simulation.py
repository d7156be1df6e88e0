"""Simulated patients for testing the insights, with effects planted and absent.

Each patient recovers along a curve (leg pain from about 7 toward 3), with day-to-day noise
that carries over from one day to the next (AR(1), rho 0.5), a few unlogged days, and the
other three measures moving partly with leg pain. Factors:
- stretching on about half the days lowers the *next* day's leg pain by `stretch_effect`;
- a painkiller is taken *because* the day's pain is high, and does nothing;
- "walking" grows from 15 % to 85 % of days as the patient recovers, and does nothing;
- several habits and supplements on random days do nothing, and one habit that comes in
  streaks (kept from one day to the next with probability 0.85) does nothing either.

Run as `python -m tests.insight_simulation` (with DJANGO_SETTINGS_MODULE set) to print the
measured rates over 200 patients.
"""

import datetime

import numpy as np

from recovery.insights.series import DayTable, Factor

START = datetime.date(2026, 1, 5)  # a Monday
NULL_FACTORS = {
    "breathing practice": ("exercise", 0.4),
    "a magnesium supplement": ("magnesium", 0.6),
    "prolonged sitting": ("habit", 0.35),
    "caffeine": ("habit", 0.5),
    "processed food": ("habit", 0.3),
    "vitamin d": ("magnesium", 0.5),
}
STREAKS = "poor posture"
RISING = "walking"
PAINKILLER = "ibuprofen"
STRETCH = "stretching"


def clip_scores(values):
    return np.clip(np.rint(values), 0, 10)


def patient(rng, days=90, stretch_effect=-1.5, logged=0.95):
    t = np.arange(days)
    trend = 3 + 4 * np.exp(-t / 30)
    noise = np.zeros(days)
    for i in range(days):
        noise[i] = (0.5 * noise[i - 1] if i else 0) + rng.normal(0, 1.2)
    stretch = (rng.random(days) < 0.5).astype(float)
    yesterday = np.concatenate([[0.0], stretch[:-1]])
    leg = trend + noise + stretch_effect * yesterday
    painkiller = (rng.random(days) < 1 / (1 + np.exp(-1.5 * (leg - 6)))).astype(float)
    walking = (rng.random(days) < 0.15 + 0.7 * t / days).astype(float)
    streaks = np.zeros(days)
    for i in range(1, days):
        streaks[i] = streaks[i - 1] if rng.random() < 0.85 else 1 - streaks[i - 1]
    shared = noise + rng.normal(0, 0.8, days)
    outcomes = {
        "leg_pain": clip_scores(leg),
        "back_pain": clip_scores(2 + 0.5 * trend + 0.6 * shared),
        "nerve_symptoms": clip_scores(1 + 0.6 * trend + 0.5 * shared),
        "muscle_tightness": clip_scores(2 + 0.5 * trend + 0.5 * rng.normal(0, 1.2, days)),
    }
    factors = [
        Factor(STRETCH, stretch, "exercise"),
        Factor(PAINKILLER, painkiller, "medicine"),
        Factor(RISING, walking, "exercise"),
        Factor(STREAKS, streaks, "habit"),
        *(
            Factor(name, (rng.random(days) < share).astype(float), kind)
            for name, (kind, share) in NULL_FACTORS.items()
        ),
    ]
    kept = rng.random(days) < logged
    dates = [START + datetime.timedelta(days=int(i)) for i in t[kept]]
    return DayTable(
        dates,
        {name: values[kept] for name, values in outcomes.items()},
        [Factor(f.label, f.values[kept], f.kind) for f in factors],
    )


def rates(patients=200, days=90, seed=2026):
    """Over simulated patients: how often a null factor was reported at all, how often the
    planted next-day stretching effect was found, and how the painkiller was reported."""
    from recovery.insights.findings import analyse

    rng = np.random.default_rng(seed)
    null_found = planted_found = painkiller_higher = painkiller_unwarned = 0
    for _ in range(patients):
        insights = analyse(patient(rng, days))
        standing = insights.standing
        if any(f.factor in (*NULL_FACTORS, RISING, STREAKS) for f in standing):
            null_found += 1
        if any(
            f.factor == STRETCH
            and f.outcome == "leg_pain"
            and f.lag == 1
            and f.direction == "lower"
            for f in standing
        ):
            planted_found += 1
        reported = [f for f in standing if f.factor == PAINKILLER and f.direction == "higher"]
        painkiller_higher += bool(reported)
        painkiller_unwarned += sum(not f.reverse_causation_warned for f in reported)
    return {
        "patients": patients,
        "days": days,
        "null_factor_reported": null_found / patients,
        "planted_stretching_found": planted_found / patients,
        "painkiller_reported_higher": painkiller_higher / patients,
        "painkiller_higher_without_warning": painkiller_unwarned,
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(rates())
