"""No input to any form is a server error: every POST is saved, redirected or explained."""

import datetime
import json
import os
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recovery import portability
from recovery.days import local_today
from recovery.forms import ITEM_FORMS, DailyEntryForm, HabitsForm, ProfileForm, SignupForm
from tests.factories import PASSWORD, MagnesiumDoseFactory

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


@FUZZ
@given(data=st.data())
def test_the_days_autosave(patient_client, user, data):
    """What the page's script sends, and anything else in its place: saved, explained or
    refused, never a server error."""
    today = local_today("UTC")
    names = field_names(DailyEntryForm())
    payload = {name: data.draw(st.one_of(values, st.lists(values, max_size=3))) for name in names}
    payload["autosave"] = data.draw(
        st.one_of(values, st.lists(st.sampled_from([*names, "nonsense", ""])).map(",".join))
    )
    response = patient_client.post(reverse("day", args=[today]), payload)
    assert response.status_code in (200, 400, 422), response.status_code


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
    response = patient_client.post(reverse("repeat", args=[local_today("UTC"), "dose"]))
    assert response.status_code == 302
    token = data.draw(st.one_of(values, st.just("")))
    assert patient_client.post(reverse("restore_item"), {"token": token}).status_code == 302


@FUZZ
@given(data=st.data())
def test_login_and_admin_login(client, user, data):
    for url in (reverse("login"), reverse("admin:login")):
        payload = {
            "username": data.draw(st.one_of(values, st.text(min_size=140, max_size=400))),
            "password": data.draw(values),
        }
        assert client.post(url, payload).status_code in (200, 429)


# Every shape a date can take in a URL that the converter's pattern lets through.
url_dates = st.one_of(
    st.dates(min_value=datetime.date.min, max_value=datetime.date.max).map(str),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"),
)
DATE_URLS = [
    lambda date: f"/day/{date}/",
    lambda date: f"/day/{date}/add/dose/",
    lambda date: f"/day/{date}/habits/",
    lambda date: f"/day/{date}/repeat/dose/",
]


@FUZZ
@given(date=url_dates, data=st.data())
def test_every_date_in_a_url(patient_client, user, date, data):
    for url in DATE_URLS:
        for method in (patient_client.get, patient_client.post):
            response = method(url(date), {"leg_pain": data.draw(values)})
            assert response.status_code in (200, 302, 404, 405), (url(date), response.status_code)
    report = patient_client.get(reverse("report"), {"first": date, "last": data.draw(url_dates)})
    assert report.status_code == 200


# Import documents: plausible rows of every kind, each value kept, left out or replaced by
# something hostile; sometimes the text itself is broken after serialising.
SAMPLE_ROWS = {
    "entries": {
        "date": "2026-01-05",
        **{f"{name}_0_10": 5 for name in ("leg_pain", "back_pain", "muscle_tightness")},
        **{f"{name}_0_10": 5 for name in ("nerve_symptoms", "mobility", "sleep_quality")},
        "hours_sitting_h": "6.5",
        "pain_reach_left_0_4": 3,
        "numbness_left": True,
        "saddle_numbness": False,
        "no_supplements": False,
        "note": "sat too long",
    },
    "doses": {
        "date": "2026-01-05",
        "form": "Magnesium glycinate",
        "time": "20:30:00",
        "amount_mg": "200.0",
        "amount_basis": "elemental",
    },
    "sessions": {
        "date": "2026-01-05",
        "exercise": "Knee-to-chest stretch",
        "minutes": 5,
        "repetitions_per_side": 3,
        "breaths_per_minute": None,
        "pain_during_0_10": 2,
    },
    "food": {"date": "2026-01-05", "food": "Pumpkin seeds, roasted", "servings": "1.00"},
    "habits": {"date": "2026-01-05", "habit": "Prolonged sitting"},
    "supplements": {"date": "2026-01-05", "supplement": "Vitamin D", "amount": "1000.00"},
}
# Text with a lone surrogate in it, as JSON.stringify writes half an emoji.
broken_text = st.tuples(st.text(max_size=4), st.integers(0xD800, 0xDFFF), st.text(max_size=4)).map(
    lambda parts: parts[0] + chr(parts[1]) + parts[2]
)
json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["\x00", "NaN", "Infinity", "5.5", "-1", "1e999", "0001-01-01", "9999-12-31"]),
    st.dates(min_value=datetime.date(1899, 12, 25)).map(str),
    # with lone surrogates: valid JSON (escaped as \\ud800), but no text a database takes
    st.text(st.characters(categories=["Cs", "Ll"]), min_size=1, max_size=4),
)
json_values = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)
TEXT_BREAKERS = [
    lambda text: text,
    lambda text: text,
    lambda text: text[:-1] + ', "x": ' + "7" * 5001 + "}",
    lambda text: text.replace("5,", "NaN,", 1),
    lambda text: text[: len(text) // 2],
    lambda text: "[" * 5000 + "]" * 5000,
]


def draw_document(data):
    document = {"format": "sciatica-recovery-tracker", "version": 1}
    for kind, sample in SAMPLE_ROWS.items():
        rows = []
        for _ in range(data.draw(st.integers(0, 3))):
            row = {}
            for column, value in sample.items():
                fate = data.draw(
                    st.sampled_from(["keep", "keep", "keep", "keep", "drop", "hostile", "broken"])
                )
                if fate == "keep":
                    row[column] = value
                elif fate == "hostile":
                    row[column] = data.draw(json_values)
                elif fate == "broken":
                    row[column] = data.draw(broken_text)
            rows.append(row)
        document[kind] = data.draw(st.one_of(st.just(rows), json_values)) if rows else rows
    if data.draw(st.booleans()):
        document["profile"] = data.draw(
            st.one_of(
                json_values,
                st.fixed_dictionaries(
                    {"recovery_start": json_values, "timezone": json_values, "sex": json_values}
                ),
            )
        )
    if data.draw(st.integers(0, 9)) == 0:
        document[data.draw(st.sampled_from(["format", "version"]))] = data.draw(json_values)
    text = json.dumps(document, default=str)
    return data.draw(st.sampled_from(TEXT_BREAKERS))(text)


def logged_rows(user):
    return sum(kind.model.objects.filter(user=user).count() for kind in portability.KINDS)


@FUZZ
@given(data=st.data())
def test_import_documents(patient_client, user, data):
    """A clean import or a clear refusal; never a server error, never a partial write."""
    before = logged_rows(user)
    file = SimpleUploadedFile("log.json", draw_document(data).encode(), "application/json")
    response = patient_client.post(reverse("import"), {"file": file, "password": PASSWORD})
    assert response.status_code == 200
    if "result" in response.context:
        assert logged_rows(user) == before + response.context["result"].total_added
    else:
        assert response.context["form"].errors["file"]
        assert logged_rows(user) == before


# The offline queue's body (/sync/): plausible changes of every kind, their values kept or
# replaced by something hostile (broken surrogates, times no calendar holds, repeated
# fields, nesting); a good change always follows and is always taken.
EXTREME_TIMES = [
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59.999999+00:00",
    "2026-11-23T21:00:00\ud800",
    "2026-02-30T10:00:00Z",
    "2026-11-23T21:00:00",
]
sync_values = st.one_of(
    broken_text, broken_text, values, st.lists(st.one_of(values, broken_text), max_size=3)
)


def draw_change(data, today, kind, ids):
    """A change as the page writes it, with one fault at most, so that it gets as far as
    the forms and the database; and what must become of it."""
    fields = {
        "entry": {"leg_pain": "5", "note": "ok"},
        "habit": {"habit": str(ids["habit"]), "done": "1"},
        "dose": {
            "dose-form": str(ids["form"]),
            "dose-amount_mg": "200",
            "dose-amount_basis": "elemental",
        },
    }[kind]
    change = {
        "id": str(uuid.uuid4()),
        "kind": kind,
        "date": today.isoformat(),
        "made_at": "2026-01-01T10:00:00+00:00",
        "names": list(fields),
        "fields": dict(fields),
    }
    fault = data.draw(st.sampled_from(["none", "time", "broken", "repeat", "key", "part"]))
    name = data.draw(st.sampled_from(sorted(fields)))
    if fault == "time":
        change["made_at"] = data.draw(st.sampled_from(EXTREME_TIMES))
    elif fault == "broken":
        change["fields"][name] = data.draw(broken_text)
    elif fault == "repeat":
        change["fields"][name] = [fields[name], data.draw(st.one_of(values, broken_text))]
    elif fault == "key":
        change["fields"][data.draw(broken_text)] = fields[name]
    elif fault == "part":
        change[data.draw(st.sampled_from(["id", "kind", "date", "names"]))] = data.draw(sync_values)
    must = {"none": {"saved", "already", "later"}, "broken": {"refused"}}
    must |= {"repeat": {"refused"}, "key": {"refused"}}
    return change, must.get(fault, {"saved", "already", "later", "refused"})


@FUZZ
@given(data=st.data())
def test_the_offline_queue(patient_client, user, data):
    from recovery import sync
    from recovery.models import DailyEntry, Habit, MagnesiumForm

    today = local_today("UTC")
    ids = {
        "habit": Habit.objects.filter(is_active=True).first().pk,
        "form": MagnesiumForm.objects.active().get(name="Magnesium glycinate").pk,
    }
    drawn = [
        draw_change(data, today, data.draw(st.sampled_from(["entry", "habit", "dose"])), ids)
        for _ in range(data.draw(st.integers(0, 4)))
    ]
    good = {
        "id": str(uuid.uuid4()),
        "kind": "entry",
        "date": today.isoformat(),
        "made_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "names": ["back_pain"],
        "fields": {"back_pain": str(data.draw(st.integers(0, 10)))},
    }
    changes = [change for change, _ in drawn]
    body = json.dumps({"account": sync.account_tag(user), "changes": [*changes, good]})
    broken = data.draw(st.sampled_from(["as is", "as is", "as is", "nested", "cut"]))
    if broken == "nested":
        body = body[:-2] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    elif broken == "cut":
        body = body[: len(body) // 2]
    response = patient_client.post(reverse("sync"), body, content_type="application/json")
    if broken != "as is":
        assert response.status_code == 400
        return
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == len(changes) + 1
    for (change, must), result in zip(drawn, results, strict=False):
        assert result["status"] in must, (change, result)
    assert results[-1]["status"] == "saved", results[-1]
    assert DailyEntry.objects.get(user=user, date=today).back_pain == int(
        good["fields"]["back_pain"]
    )
