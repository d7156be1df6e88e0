"""The check-in's fields written in Python carry crispy-forms' Bootstrap 5 markup: the same
elements, attributes, classes and ids, fresh and after a refused save."""

import datetime
import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form

from recovery.forms import ITEM_FORMS, DailyEntryForm, HabitsForm, ImportForm, ProfileForm
from recovery.forms.bootstrap import render_field, render_form, widget_html
from recovery.forms.scales import scale_options
from recovery.forms.weekly_check import WeeklyCheckForm
from recovery.models.logs import RED_FLAG_FIELDS
from tests.factories import HabitLogFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("starting_catalog")]

DAY = datetime.date(2026, 11, 30)
REFUSED = {"dose-amount_mg": "-3", "session-duration_minutes": "abc", "food-servings": "x"}


def normalised(html):
    # Whitespace between and inside tags means nothing to the page; keys are fresh per form.
    html = re.sub(r'(-key" value=")[^"]*', r"\1", str(html))
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*([<>])\s*", r"\1", html)


def both(make, render_ours, render_theirs):
    ours, theirs = render_ours(make()), render_theirs(make())
    assert normalised(ours) == normalised(theirs)
    return ours


@pytest.mark.parametrize("kind", list(ITEM_FORMS))
@pytest.mark.parametrize("data", [None, REFUSED], ids=["fresh", "refused"])
def test_each_add_form_matches_crispy(user, kind, data):
    def make():
        form = ITEM_FORMS[kind](data, user=user, date=DAY)
        if data is not None:
            assert not form.is_valid()
        return form

    both(make, render_form, as_crispy_form)


@pytest.mark.parametrize(
    "data", [None, {"habits-habits": ["not a number"]}], ids=["fresh", "refused"]
)
def test_the_habit_checkboxes_match_crispy(user, data):
    HabitLogFactory(user=user, date=DAY)

    def make():
        form = HabitsForm(data, user=user, date=DAY, logged_ids=set())
        if data is not None:
            assert not form.is_valid()
        return form

    ours = both(make, render_form, as_crispy_form)
    assert 'type="checkbox"' in ours


@pytest.mark.parametrize("data", [None, {"hours_sitting": "99", "note": "x" * 3000}])
def test_the_entry_forms_single_fields_match_crispy(user, data):
    def make():
        form = DailyEntryForm(data)
        if data is not None:
            form.is_valid()
        return form

    for name in ("hours_sitting", "no_supplements", "note", *RED_FLAG_FIELDS):
        both(lambda: make()[name], render_field, as_crispy_field)  # noqa: B023 - used at once


def test_a_refused_field_is_marked_for_the_eye_and_for_screen_readers(user):
    form = ITEM_FORMS["dose"]({"dose-amount_mg": "-3"}, user=user, date=DAY)
    assert not form.is_valid()
    html = str(render_form(form))
    assert 'class="numberinput form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_dose-amount_mg_error" class="invalid-feedback"' in html


def test_other_forms_fall_back_to_crispy_for_what_it_does_not_know(user, rf):
    request = rf.get("/")
    request.user = user
    both(lambda: ProfileForm(instance=user.profile), render_form, as_crispy_form)
    both(lambda: WeeklyCheckForm(week=DAY), render_form, as_crispy_form)
    # A file field and a password field: crispy-forms' own markup.
    ours = both(lambda: ImportForm(request=request), render_form, as_crispy_form)
    assert 'type="file"' in ours and 'type="password"' in ours


AWKWARD = {
    "hours_sitting": "1.5",
    "note": 'Sat on a <hard> chair & said "ouch", it\'s {{ not a tag }}',
    "bladder_or_bowel_change": "on",
}


@pytest.mark.parametrize("data", [None, AWKWARD, REFUSED], ids=["fresh", "awkward", "refused"])
def test_each_input_is_written_exactly_as_its_widget_template_writes_it(user, data):
    """Byte for byte, so an escaped value or a missing attribute cannot hide in whitespace."""
    forms = [DailyEntryForm(data), WeeklyCheckForm(data, week=DAY)]
    forms += [form_class(data, user=user, date=DAY) for form_class in ITEM_FORMS.values()]
    written = 0
    for form in forms:
        if data is not None:
            form.is_valid()
        for field in form:
            assert widget_html(field) == field.as_widget(), field.html_name
            written += "<input" in field.as_widget() or "<textarea" in field.as_widget()
    assert written > 20


def test_a_row_of_answer_buttons_checks_the_answer_given():
    form = DailyEntryForm({"leg_pain": "6", "pain_reach_left": "2"})
    form.is_valid()
    scores = str(scale_options(form["leg_pain"], "score-option"))
    assert scores.count('type="radio"') == 11
    assert scores.count(" checked") == 1
    assert 'id="id_leg_pain_6" value="6" checked>' in scores
    assert '<label class="btn btn-outline-primary score-option" for="id_leg_pain_0">0</label>' in (
        scores
    )
    reach = str(scale_options(form["pain_reach_left"], "reach-option"))
    assert 'id="id_pain_reach_left_2" value="2" checked>' in reach
    assert " checked" not in str(scale_options(DailyEntryForm()["back_pain"], "score-option"))
