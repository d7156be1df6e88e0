"""No input to any form is a server error: every POST is saved, redirected or explained."""

import datetime
import os

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recovery.days import local_today
from recovery.forms import ITEM_FORMS, DailyEntryForm, HabitsForm, ProfileForm, SignupForm
from tests.factories import MagnesiumDoseFactory

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "11",
    "10.5",
    "24.05",
    "1e309",
    "-0",
    "NaN",
    "Infinity",
    "0x1F",
    "٣",
    "１０",
    "2026-02-30",
    "25:99",
    "<script>",
    "' OR 1=1 --",
    "\x00",
    "9" * 40,
    "é" * 3000,
]
values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
# CI tries the same inputs on every run; FUZZ_EXAMPLES=500 bin/test tests/test_forms_fuzz.py
# explores new ones.
EXPLORE = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXPLORE or 40,
    deadline=None,
    derandomize=not EXPLORE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def field_names(form):
    return [form.add_prefix(name) for name in form.fields]


def post_anything(client, url, names, data):
    payload = {name: data.draw(st.one_of(values, st.lists(values, max_size=3))) for name in names}
    response = client.post(url, payload)
    assert response.status_code in (200, 302), response.status_code


def form_for(kind, user, today):
    return ITEM_FORMS[kind](user=user, date=today)


@FUZZ
@given(data=st.data())
def test_the_days_form(patient_client, user, data):
    today = local_today("UTC")
    post_anything(patient_client, reverse("day", args=[today]), field_names(DailyEntryForm()), data)


@pytest.mark.parametrize("kind", sorted(ITEM_FORMS))
@FUZZ
@given(data=st.data())
def test_each_item_form(patient_client, user, kind, data):
    today = local_today("UTC")
    names = field_names(form_for(kind, user, today))
    post_anything(patient_client, reverse("add_item", args=[today, kind]), names, data)


@FUZZ
@given(data=st.data())
def test_habits(patient_client, user, data):
    today = local_today("UTC")
    names = field_names(HabitsForm(user=user, date=today))
    post_anything(patient_client, reverse("save_habits", args=[today]), names, data)


@FUZZ
@given(data=st.data())
def test_settings(patient_client, user, data):
    post_anything(patient_client, reverse("settings"), field_names(ProfileForm()), data)


@FUZZ
@given(data=st.data())
def test_signup(client, db, data):
    post_anything(client, reverse("signup"), field_names(SignupForm()), data)


@FUZZ
@given(data=st.data())
def test_removing_and_repeating(patient_client, user, data):
    yesterday = local_today("UTC") - datetime.timedelta(days=1)
    MagnesiumDoseFactory(user=user, date=yesterday)
    kind = data.draw(st.sampled_from([*ITEM_FORMS, "nonsense"]))
    pk = data.draw(st.integers(min_value=0, max_value=2**31 - 1))
    response = patient_client.post(reverse("delete_item", args=[kind, pk]))
    assert response.status_code in (302, 404)
    response = patient_client.post(reverse("repeat_supplements", args=[local_today("UTC")]))
    assert response.status_code == 302
