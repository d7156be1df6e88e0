"""The one vocabulary for change, on cases worked by hand."""

import pytest

from recovery.progress import change


@pytest.mark.parametrize(
    ("before", "after", "higher_is_better", "points", "verdict"),
    [
        # Inside the half-point band either way: about the same, never better or worse.
        (2.2, 2.6, False, -0.4, change.SAME),
        (3.2, 2.7, False, 0.5, change.SAME),  # the report once called this "steady"
        (1.9, 2.4, False, -0.5, change.SAME),  # ... and this "worsening"
        # Shown values are compared: 6.75 shows as 6.8, 6.26 as 6.3.
        (6.75, 6.26, False, 0.5, change.SAME),
        # Beyond the band: some improvement, or worse.
        (5.0, 4.4, False, 0.6, change.SOME),
        (4.0, 4.6, False, -0.6, change.WORSE),
        # 2 points, or 30 % of the start: meaningful.
        (7.0, 5.0, False, 2.0, change.MEANINGFUL),
        (4.0, 2.8, False, 1.2, change.MEANINGFUL),  # 30 %
        (4.0, 2.9, False, 1.1, change.SOME),  # 27.5 %
        # 30 % of a small start inside the band is still about the same.
        (1.0, 0.6, False, 0.4, change.SAME),
        # Mobility and sleep count up.
        (5.0, 3.8, True, -1.2, change.WORSE),
        (4.0, 6.0, True, 2.0, change.MEANINGFUL),
    ],
)
def test_verdicts(before, after, higher_is_better, points, verdict):
    found = change.between(before, after, higher_is_better)
    assert (found.points, found.verdict) == (points, verdict)


def test_words_agree_with_the_numbers():
    assert change.between(7.0, 3.5).words() == "3.5 points better (50 %)"
    assert change.between(4.0, 4.6).words() == "0.6 points worse (15 %)"
    assert change.between(2.2, 2.6).words() == "about the same (0.4 points)"
    assert change.between(0, 1).words() == "1.0 points worse"  # no percent of nothing


def test_substantial_is_half_or_more_better():
    assert change.between(8.0, 4.0).substantial
    assert not change.between(8.0, 4.1).substantial
    assert not change.between(1.0, 0.5).substantial  # inside the band
