"""What is kept from a patient's whole log (the dashboard, the insights) is worked out afresh
after every change to it, by whatever page made the change, and never otherwise."""

import datetime
import json
import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recovery import portability, sync
from recovery.days import local_today
from recovery.models import Food, Habit, MagnesiumForm, Medicine, Profile
from tests.factories import (
    PASSWORD,
    CoSupplementLogFactory,
    DailyEntryFactory,
    ExerciseSessionFactory,
    MagnesiumDoseFactory,
    MedicineDoseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def version(user):
    return Profile.objects.get(user=user).log_version


@pytest.fixture
def today(user):
    return local_today(user.profile.timezone)


def moves(user, do):
    before = version(user)
    do()
    assert version(user) > before


def item(kind, **fields):
    return {f"{kind}-{name}": value for name, value in fields.items()}


def test_every_page_that_writes_moves_the_version(patient_client, user, today):
    c = patient_client
    yesterday = today - datetime.timedelta(days=1)
    day = reverse("day", args=[today])
    glycinate = MagnesiumForm.objects.get(name="Magnesium glycinate").pk
    writes = [
        lambda: c.post(day, {"leg_pain": "5"}),
        lambda: c.post(day, {"leg_pain": "6", "autosave": "leg_pain"}),
        lambda: c.post(
            reverse("add_item", args=[today, "dose"]),
            item("dose", form=glycinate, amount_mg="200", amount_basis="elemental"),
        ),
        lambda: c.post(
            reverse("add_item", args=[today, "food"]),
            item("food", food=Food.objects.first().pk, servings="1"),
        ),
        lambda: c.post(
            reverse("add_item", args=[today, "medicine"]),
            item("medicine", new_medicine="Baclofen", amount="10", unit="mg", need="scheduled"),
        ),
        lambda: c.post(
            reverse("save_habits", args=[today]), {"habits-habits": [Habit.objects.first().pk]}
        ),
        lambda: c.post(reverse("save_habits", args=[today]), {}),
        lambda: c.post(
            reverse("medicines"),
            {"name": "Tizanidine", "unit": "mg", "group": "other", "route": "oral"},
        ),
        lambda: c.post(
            reverse("settings"), {"timezone": "Europe/Berlin", "recovery_start": str(yesterday)}
        ),
        lambda: c.post(reverse("signup_questions"), {"causes-present": ["cancer_history"]}),
        lambda: c.post(reverse("settings"), {"form": "causes", "causes-present": ["none"]}),
        lambda: c.post(
            reverse("weekly_check"),
            {"weekly-week": str(today - datetime.timedelta(days=today.weekday())), "skip": "1"},
        ),
    ]
    for write in writes:
        moves(user, write)


def test_removing_undoing_and_repeating_move_it(patient_client, user, today):
    c = patient_client
    dose = MagnesiumDoseFactory(user=user, date=today)
    moves(user, lambda: c.post(reverse("delete_item", args=["dose", dose.pk])))
    token = c.session["undo"]
    moves(user, lambda: c.post(reverse("restore_item"), {"token": token}))
    last = today - datetime.timedelta(days=3)
    ExerciseSessionFactory(user=user, date=last)
    MedicineDoseFactory(user=user, date=last, need="scheduled")
    CoSupplementLogFactory(user=user, date=last)
    for kind in ("session", "medicine"):
        moves(user, lambda kind=kind: c.post(reverse("repeat", args=[today, kind])))


def test_a_queued_change_and_an_import_move_it(patient_client, user, today, other_user):
    change = {
        "id": str(uuid.uuid4()),
        "kind": "entry",
        "date": str(today),
        "made_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "names": ["leg_pain"],
        "fields": {"leg_pain": "3"},
    }
    body = json.dumps({"account": sync.account_tag(user), "changes": [change]})
    moves(user, lambda: patient_client.post(reverse("sync"), body, "application/json"))
    DailyEntryFactory(user=other_user, date=today - datetime.timedelta(days=9), leg_pain=2)
    document = portability.export_json(other_user).encode()
    upload = SimpleUploadedFile("log.json", document, "application/json")
    moves(
        user,
        lambda: patient_client.post(reverse("import"), {"file": upload, "password": PASSWORD}),
    )


def test_a_catalog_edit_moves_everybody(client, user, other_user):
    curator = UserFactory(is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    client.force_login(curator)
    food = Food.objects.first()
    before = version(user), version(other_user)
    response = client.post(
        reverse("admin:recovery_food_change", args=[food.pk]),
        {
            "name": food.name,
            "group": food.group,
            "serving": food.serving,
            "magnesium_mg": "99",
            "source": food.source,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert version(user) > before[0] and version(other_user) > before[1]


def test_a_patients_own_medicine_moves_only_theirs(user, other_user):
    before = version(other_user)
    own = Medicine.objects.create(owner=user, name="Baclofen")
    own.name = "Baclofen XL"
    own.save()
    assert version(other_user) == before


def pain_row(client):
    """The pain table's one row (a day's leg and back pain), as the dashboard shows it."""
    html = client.get(reverse("home")).content.decode()
    table = html[html.index('aria-label="Leg and back pain, 0 to 10"') :]
    return re.search(r'<tr><th scope="row"[^>]*>[^<]*</th>(.*?)</tr>', table)[1]


def test_the_dashboard_is_never_a_change_behind(patient_client, user, today):
    DailyEntryFactory(user=user, date=today, leg_pain=2, back_pain=None)
    assert pain_row(patient_client) == "<td>2.0</td><td>–</td>"
    assert pain_row(patient_client) == "<td>2.0</td><td>–</td>"  # kept as written
    patient_client.post(reverse("day", args=[today]), {"leg_pain": "9", "autosave": "leg_pain"})
    assert pain_row(patient_client) == "<td>9.0</td><td>–</td>"  # the new leg pain, not the kept 2


def test_a_settings_save_never_writes_an_older_version_back(user):
    profile = Profile.objects.get(user=user)  # loaded before the log moves on
    DailyEntryFactory(user=user)
    moved = version(user)
    profile.kidney_condition = True
    profile.save()
    assert version(user) > moved
