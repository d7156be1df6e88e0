import datetime
import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from recovery.days import local_today
from recovery.progress import charts
from tests.factories import (
    DailyEntryFactory,
    ExerciseSessionFactory,
    HabitLogFactory,
    UserFactory,
)
from tests.history_maker import make_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return local_today("UTC")


def data(response):
    page = response.content.decode()
    script = page.split('id="dashboard-data" type="application/json">')[1]
    return json.loads(script.split("</script>")[0])


def test_a_new_patient_is_told_what_to_log_first(patient_client):
    response = patient_client.get(reverse("home"))
    page = response.content.decode()
    assert "Start with today" in page
    assert "dashboard-data" not in page
    assert "chart.umd" not in page  # no chart code to load either


def test_the_summary_names_the_day_phase_and_verdicts(patient_client, user, today):
    # Start 20 days ago (day 1), tightness 8 on days 1-4 then 5s on days 9-12: weeks 1-2 after
    # the first week average 5.0, 3.0 points (38 %) better than 8.0, beyond the noise of days
    # that never varied within a week: clearly better (no clinical-importance claim).
    start = today - datetime.timedelta(days=19)
    for day, tightness in [(1, 8), (2, 8), (3, 8), (4, 8), (9, 5), (10, 5), (11, 5), (12, 5)]:
        DailyEntryFactory(
            user=user, date=start + datetime.timedelta(days=day - 1), muscle_tightness=tightness
        )
    page = patient_client.get(reverse("home")).content.decode()
    assert "Day 20 of your recovery · Weeks 3–4" in page
    assert "Clearly better" in page and "Meaningful improvement" not in page
    assert (
        "Muscle tightness averaged 5.0 over days 9–12 (4 logged days), against 8.0 over your "
        "first week (days 1–4, 4 logged days): 3.0 points better (38 %), more than your usual "
        "ups and downs of ±" in page
    )
    assert "Nerve symptoms: 4 more logged days needed in this phase." in page
    # The current phase comes first, then the phases done.
    assert page.index("Nerve symptoms: 4 more") < page.index("Phases done")
    assert page.index("Phases done") < page.index("Muscle tightness averaged")
    assert "2 points or 30 % better is a meaningful improvement (Ostelo et al. 2008)" in page
    assert "It is not a diagnosis" in page


def test_the_default_range_is_the_last_30_days(patient_client, user, today):
    make_history(user, 40, today, leg_pain=lambda n: n % 11)
    series = data(patient_client.get(reverse("home")))
    assert len(series["labels"]) == 30
    assert series["labels"][-1] == today.isoformat()
    assert not series["weekly"]
    # The last 30 of 40 days: day n has leg pain n % 11, so the last one is 39 % 11 = 6.
    assert series["scores"]["leg_pain"][-1] == 6
    # Rolling average of the last 7 logged rows in range, worked by hand: days 33..39
    # have 0, 1, 2, 3, 4, 5, 6 -> 3.0.
    assert series["rolling"]["leg_pain"][-1] == 3.0
    assert series["magnesium"]["supplements"][-1] == 200  # the topical 100 mg is left out
    assert series["magnesium"]["food"][-1] == 156


def test_missing_days_are_gaps_not_zeros(patient_client, user, today):
    DailyEntryFactory(user=user, date=today, leg_pain=3)
    DailyEntryFactory(user=user, date=today - datetime.timedelta(days=5), leg_pain=7)
    series = data(patient_client.get(reverse("home")))
    assert series["scores"]["leg_pain"][-6:] == [7, None, None, None, None, 3]


def test_ranges(patient_client, user, today):
    make_history(user, 200, today)
    ninety = data(patient_client.get(reverse("home") + "?range=90"))
    assert (len(ninety["labels"]), ninety["weekly"]) == (90, False)
    everything = data(patient_client.get(reverse("home") + "?range=all"))
    assert everything["weekly"]
    assert everything["rolling"]["leg_pain"] == []
    # Weeks from the Monday of the first logged day's week to today's week.
    first = today - datetime.timedelta(days=199)
    assert everything["labels"][0] == charts.week_of(first).isoformat()
    assert (
        len(everything["labels"]) == (charts.week_of(today) - charts.week_of(first)).days // 7 + 1
    )
    # A week's magnesium is the daily average over its logged days: 200 mg every day.
    assert set(everything["magnesium"]["supplements"]) == {200}
    nonsense = data(patient_client.get(reverse("home") + "?range=forever"))
    assert len(nonsense["labels"]) == 30


def test_phase_bands_follow_the_start_date(patient_client, user, today):
    user.profile.recovery_start = today - datetime.timedelta(days=19)
    user.profile.save()
    DailyEntryFactory(user=user, date=today)
    bands = data(patient_client.get(reverse("home")))["phases"]
    start = user.profile.recovery_start
    assert bands == [
        {
            "index": 0,
            "name": "Weeks 1–2",
            "from": start.isoformat(),
            "to": (start + datetime.timedelta(days=13)).isoformat(),
        },
        {
            "index": 1,
            "name": "Weeks 3–4",
            "from": (start + datetime.timedelta(days=14)).isoformat(),
            "to": today.isoformat(),
        },
    ]


def test_a_phase_keeps_its_colour_in_every_range(patient_client, user, today):
    """Its place in the timeline picks the colour: Months 2-3 is the third in any range."""
    user.profile.recovery_start = today - datetime.timedelta(days=200)
    user.profile.save()
    make_history(user, 201, today)
    for key in ("30", "90", "all"):
        bands = data(patient_client.get(reverse("home") + f"?range={key}"))["phases"]
        index = {band["name"]: band["index"] for band in bands}
        assert index.get("Long-term") == 3, key
        if "Months 2–3" in index:
            assert index["Months 2–3"] == 2, key


def test_the_average_is_over_calendar_days_and_gaps_stay_gaps(patient_client, user, today):
    # Logged: today 2, 3 days ago 6, 10 days ago 9. Today's 7-day window holds days
    # today-6..today: 2 and 6 -> 4.0; the 9 is outside it. Days not logged stay gaps.
    for back, pain in ((0, 2), (3, 6), (10, 9)):
        DailyEntryFactory(user=user, date=today - datetime.timedelta(days=back), leg_pain=pain)
    rolling = data(patient_client.get(reverse("home")))["rolling"]["leg_pain"]
    assert rolling[-1] == 4.0
    assert rolling[-2] is None
    # Three days ago: its week is days today-9..today-3; the 9 (today-10) falls just outside.
    assert rolling[-4] == 6.0


def test_exercise_minutes_per_week_by_kind(patient_client, user, today):
    from recovery.models import Exercise

    DailyEntryFactory(user=user, date=today)
    ExerciseSessionFactory(user=user, date=today, minutes=10)
    ExerciseSessionFactory(
        user=user,
        date=today,
        exercise=Exercise.objects.get(name="Coherent breathing"),
        minutes=12,
        repetitions_per_side=None,
        breaths_per_minute=5,
    )
    series = data(patient_client.get(reverse("home")))
    assert series["exercise"]["labels"][-1] == charts.week_of(today).isoformat()
    assert (series["exercise"]["stretching"][-1], series["exercise"]["breathing"][-1]) == (10, 12)


def test_the_recommended_intake_follows_the_profile(patient_client, user, today):
    DailyEntryFactory(user=user, date=today)
    assert data(patient_client.get(reverse("home")))["limits"] == {
        "upper": 350,
        "recommended": None,
    }
    user.profile.sex, user.profile.age_band = "female", "31+"
    user.profile.save()
    assert data(patient_client.get(reverse("home")))["limits"]["recommended"] == 320


def test_each_chart_has_a_table_of_its_numbers(patient_client, user, today):
    from recovery.models import DailyEntry

    make_history(user, 10, today)
    DailyEntry.objects.filter(user=user, date=today).update(
        pain_reach_left=0, pain_reach_right=3, sleep_quality=6, hours_sitting=7
    )
    page = patient_client.get(reverse("home")).content.decode()
    # Pain, symptoms, magnesium, where the pain reaches, sleep and sitting, exercise.
    assert page.count("Show the numbers as a table") == 6
    assert '<caption class="visually-hidden">Magnesium per day, mg</caption>' in page
    series = data(patient_client.get(reverse("home")))
    assert (series["reach"]["pain_reach_left"][-1], series["reach"]["pain_reach_right"][-1]) == (
        0,
        3,
    )
    assert (series["sleep"]["sleep_quality"][-1], series["sleep"]["hours_sitting"][-1]) == (6, 7)


def test_habits_show_as_days_per_week(patient_client, user, today):
    DailyEntryFactory(user=user, date=today)
    for back in range(3):
        HabitLogFactory(user=user, date=today - datetime.timedelta(days=back))
    page = patient_client.get(reverse("home")).content.decode()
    assert "Habits the guide says can worsen sciatica, days per week" in page
    week = charts.week_of(today)
    expected = 3 if (today - week).days >= 2 else (today - week).days + 1
    assert '<th scope="row" class="text-start fw-normal text-nowrap">Prolonged sitting</th>' in page
    assert f'habit-days-{expected}">{expected}</td>' in page


def test_the_count_of_queries_is_the_same_for_30_days_and_3_years(
    client, today, django_assert_num_queries
):
    month, years = UserFactory(), UserFactory()
    make_history(month, 30, today)
    make_history(years, 3 * 365, today)
    for user in (month, years):
        client.force_login(user)
        for range_key in ("30", "all"):
            cache.clear()
            # session, user, profile; phases; the history's scores; the chart's scores,
            # supplement and food magnesium, exercise minutes, habits per week, medicines
            # per week, the first medicine logged, the week's leg pain, the weekly checks;
            # the latest warning signs; the insights' table (entries, oral magnesium,
            # sessions, food, habits, medicines).
            with django_assert_num_queries(15 + 6):
                client.get(reverse("home") + f"?range={range_key}")
            # Again, with nothing changed: session, user, profile (its log version).
            with django_assert_num_queries(3):
                client.get(reverse("home") + f"?range={range_key}")


def test_a_range_with_nothing_logged_says_so(patient_client, user, today):
    DailyEntryFactory(user=user, date=today - datetime.timedelta(days=60))
    page = patient_client.get(reverse("home")).content.decode()
    assert "No scores logged in this range" in page
    assert 'id="chart-pain"' not in page
    assert 'id="chart-pain"' in patient_client.get(reverse("home") + "?range=90").content.decode()


def test_table_rows_are_escaped_and_gaps_shown():
    from recovery.templatetags.tables import table_body

    html = table_body([("<b>week</b>", 4.5, None)])
    assert html == (
        '<tr><th scope="row" class="fw-normal text-nowrap">&lt;b&gt;week&lt;/b&gt;</th>'
        "<td>4.5</td><td>–</td></tr>"
    )


def test_weekly_strips_read_latest_week_first_with_dashes_before_the_first_use():
    from recovery.templatetags.tables import average_cells, day_count_cells, week_headings

    weeks = [datetime.date(2026, 11, 16), datetime.date(2026, 11, 23)]
    assert week_headings({"weeks": weeks, "partial": weeks[1]}) == (
        '<th scope="col" class="fw-normal text-nowrap">23 Nov (so far)</th>'
        '<th scope="col" class="fw-normal text-nowrap">16 Nov</th>'
    )
    assert day_count_cells([None, 3]) == (
        '<td class="habit-days habit-days-3">3</td>'
        '<td><span class="text-body-secondary">–</span></td>'
    )
    assert average_cells([4.25, None]) == (
        '<td><span class="text-body-secondary">–</span></td><td>4.3</td>'
    )


def test_the_dashboard_says_where_the_pain_went(patient_client, user, today):
    # First logged week: the foot on 7 of 7 days; the last week: the foot on 1 of 7.
    for back in range(21):
        reach = 4 if back >= 14 or back == 0 else 2
        DailyEntryFactory(
            user=user, date=today - datetime.timedelta(days=back), pain_reach_left=reach
        )
    page = patient_client.get(reverse("home")).content.decode()
    assert (
        "Your left leg pain reached the foot on 1 of the last 7 logged days, against 7 of 7 in "
        "the first logged week." in page
    )


def test_a_leg_without_pain_gets_no_sentence(patient_client, user, today):
    for back in range(14):
        DailyEntryFactory(user=user, date=today - datetime.timedelta(days=back), pain_reach_right=0)
    assert "right leg pain reached" not in patient_client.get(reverse("home")).content.decode()


def leg_pain_course(user, today, level_on_day, days):
    """Leg pain on each of `days` days up to today, from level_on_day(day) give or take a
    point on alternate days (a patient's own ups and downs)."""
    start = today - datetime.timedelta(days=days - 1)
    for day in range(1, days + 1):
        wobble = (-1, 0, 1)[day % 3]
        DailyEntryFactory(
            user=user,
            date=start + datetime.timedelta(days=day - 1),
            leg_pain=round(level_on_day(day)) + wobble,
            back_pain=3,
        )


def test_pain_that_came_back_is_said_first_with_where_to_go(patient_client, user, today):
    # Leg pain 7 for a week, down to 3 by day 35, back at 7 from day 42 to day 70.
    def level(day):
        if day <= 7:
            return 7
        if day <= 35:
            return 7 - 4 * (day - 7) / 28
        return min(7, 3 + 4 * (day - 35) / 7)

    leg_pain_course(user, today, level, 70)
    page = patient_client.get(reverse("home")).content.decode()
    assert "Your pain has risen: have it checked" in page
    assert "Your leg pain has risen again:" in page
    assert "should be evaluated by a qualified healthcare provider" in page
    setback = page.index("Your pain has risen")
    assert setback < page.index('id="summary-heading"')
    # The warning signs that cannot wait are named beside it.
    assert "emergency" in page[setback : page.index('id="summary-heading"')]


def test_the_leg_pain_verdict_opens_the_page_with_a_weekly_trend(patient_client, user, today):
    # Leg pain from 7 down to 3 over 90 days: months 2-3 so far, clearly lower.
    leg_pain_course(user, today, lambda day: 7 - 4 * day / 90, 90)
    page = patient_client.get(reverse("home")).content.decode()
    heading = page.index('id="summary-heading"')
    assert (
        'Leg pain, months 2–3 so far: <span class="badge verdict-meaningful">meaningful '
        "improvement</span>" in page[heading:]
    )
    assert "Day 90 of your recovery · Months 2–3" in page[:heading]
    # The trend is drawn on the server, and says in words what it shows.
    trend = page.index('class="trend-line"')
    assert heading < trend < page.index('id="chart-pain"') < page.index('id="verdicts-heading"')
    assert 'aria-label="Leg pain, weekly average on a 0 to 10 scale:' in page
    # The method is folded away under the verdicts, not above the charts.
    assert page.index("How this is worked out") > page.index('id="verdicts-heading"')


def test_before_any_verdict_the_headline_says_what_it_waits_for(patient_client, user, today):
    leg_pain_course(user, today, lambda day: 5, 1)
    page = patient_client.get(reverse("home")).content.decode()
    assert "No verdict on leg pain yet" in page
    assert 'class="trend-line"' not in page  # one week with scores is no trend


def test_a_steady_course_says_no_setback(patient_client, user, today):
    leg_pain_course(user, today, lambda day: 6, 70)
    page = patient_client.get(reverse("home")).content.decode()
    assert "Your pain has risen" not in page
