"""Medicines: recorded from the catalog or the patient's own private list, held to their
rules by the database, repeated with the supplements, shown beside pain week by week and in
the clinician report, and never seen by curators or other patients."""

import datetime
import json
import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from recovery import medicine_use, sync
from recovery.days import local_today
from recovery.models import CoSupplementLog, Medicine, MedicineDose
from recovery.progress import charts, report
from tests.factories import (
    CoSupplementLogFactory,
    DailyEntryFactory,
    MedicineDoseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def today(user):
    return local_today(user.profile.timezone)


def catalog(name):
    return Medicine.objects.catalog().get(name=name)


def add(client, date, **fields):
    data = {f"medicine-{name}": value for name, value in fields.items()}
    data.setdefault("medicine-need", "as_needed")
    return client.post(reverse("add_item", args=[date, "medicine"]), data, **HTMX)


def choices(client, date):
    form = client.get(reverse("day", args=[date])).context["forms"]["medicine"]
    return {label for _, group in form.fields["medicine"].choices[1:] for _, label in group}


# The database's rules


@pytest.mark.parametrize(
    "change",
    [{"amount": 0}, {"amount": -5}, {"unit": "spoonful"}, {"need": "sometimes"}],
)
def test_the_database_refuses_a_dose_outside_the_rules(user, change):
    values = {"amount": 400, "unit": "mg", "need": "as_needed"} | change
    with pytest.raises(IntegrityError), transaction.atomic():
        MedicineDose.objects.create(
            user=user, date=datetime.date(2026, 1, 1), medicine=catalog("Ibuprofen"), **values
        )


def test_two_own_medicines_of_one_name_are_refused(user, other_user):
    Medicine.objects.create(owner=user, name="Baclofen")
    Medicine.objects.create(owner=other_user, name="Baclofen")  # another patient's: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Medicine.objects.create(owner=user, name="BACLOFEN")


def test_the_form_refuses_what_cannot_be_recorded(patient_client, today):
    page = add(patient_client, today, amount="400").content.decode()
    assert "Choose a medicine, or type the name of one not listed." in page
    both = add(patient_client, today, medicine=catalog("Ibuprofen").pk, new_medicine="X", amount=1)
    assert "Choose from the list or type a name, not both." in both.content.decode()
    unitless = add(patient_client, today, new_medicine="Baclofen", amount="10")
    assert "Choose the unit of a dose of this medicine." in unitless.content.decode()
    zero = add(patient_client, today, medicine=catalog("Ibuprofen").pk, amount="0")
    assert "greater than or equal to 0.01" in zero.content.decode()
    assert not MedicineDose.objects.exists() and not Medicine.objects.filter(owner__isnull=False)


# Recording


def test_a_catalog_medicine_takes_its_own_unit(patient_client, user, today):
    response = add(patient_client, today, medicine=catalog("Ibuprofen").pk, amount="400")
    assert "Added Ibuprofen, 400 mg." in response.content.decode()
    dose = MedicineDose.objects.get(user=user)
    assert (dose.unit, dose.need, dose.date) == ("mg", "as_needed", today)
    page = patient_client.get(reverse("today")).content.decode()
    assert "Medicines and supplements" in page and "As needed" in page


def test_a_typed_medicine_joins_the_patients_own_list_once(patient_client, user, today):
    add(patient_client, today, new_medicine="  Baclofen ", amount="10", unit="mg", need="scheduled")
    add(patient_client, today, new_medicine="baclofen", amount="10")
    (own,) = Medicine.objects.filter(owner=user)
    assert own.name == "Baclofen"
    assert [d.medicine for d in MedicineDose.objects.filter(user=user)] == [own, own]
    assert MedicineDose.objects.filter(user=user, unit="mg").count() == 2
    assert "Baclofen (mg)" not in choices(patient_client, today)  # labels are names alone
    assert "Baclofen" in choices(patient_client, today)


def test_a_typed_name_of_the_catalog_is_the_catalog_medicine(patient_client, user, today):
    add(patient_client, today, new_medicine="paracetamol", amount="500")
    assert MedicineDose.objects.get(user=user).medicine == catalog("Paracetamol")
    assert not Medicine.objects.filter(owner=user).exists()


def test_another_patients_own_medicine_is_never_mine(
    patient_client, user, other_user, today, client
):
    theirs = Medicine.objects.create(owner=other_user, name="Their private tincture")
    assert "Their private tincture" not in choices(patient_client, today)
    response = add(patient_client, today, medicine=theirs.pk, amount="1", unit="ml")
    assert "Select a valid choice" in response.content.decode()
    assert not MedicineDose.objects.filter(user=user).exists()
    assert patient_client.get(reverse("medicine", args=[theirs.pk])).status_code == 404
    assert patient_client.post(reverse("medicine", args=[theirs.pk]), {}).status_code == 404
    assert "Their private tincture" not in patient_client.get(reverse("medicines")).content.decode()


def test_a_hidden_own_medicine_leaves_the_list_and_stays_in_history(patient_client, user, today):
    own = Medicine.objects.create(owner=user, name="Baclofen")
    MedicineDoseFactory(user=user, date=today, medicine=own, amount=10)
    response = patient_client.post(
        reverse("medicine", args=[own.pk]),
        {"name": "Baclofen", "unit": "mg", "group": "muscle_relaxant", "route": "oral"},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert not own.is_active and own.group == "muscle_relaxant"
    assert "Baclofen" not in choices(patient_client, today)
    assert "Baclofen" in patient_client.get(reverse("today")).content.decode()  # the dose


def test_my_own_list_refuses_a_name_i_can_already_pick(patient_client, user):
    Medicine.objects.create(owner=user, name="Baclofen")
    for name in ("baclofen", "Ibuprofen"):
        response = patient_client.post(
            reverse("medicines"), {"name": name, "unit": "mg", "group": "other", "route": "oral"}
        )
        assert response.status_code == 200, name
    assert Medicine.objects.filter(owner=user).count() == 1


def test_a_queued_medicine_is_added_once(patient_client, user, today):
    change = {
        "id": str(uuid.uuid4()),
        "kind": "medicine",
        "date": today.isoformat(),
        "made_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "names": [],
        "fields": {
            "medicine-medicine": str(catalog("Naproxen").pk),
            "medicine-amount": "250",
            "medicine-need": "scheduled",
        },
    }
    body = json.dumps({"account": sync.account_tag(user), "changes": [change, change]})
    answer = patient_client.post(reverse("sync"), body, content_type="application/json").json()
    assert [result["status"] for result in answer["results"]] == ["saved", "already"]
    assert MedicineDose.objects.get(user=user).summary == "Naproxen, 250 mg"


def test_picking_a_medicine_offers_my_last_dose_of_it_and_nothing_is_chosen_ahead(
    patient_client, user, today
):
    MedicineDoseFactory(
        user=user,
        date=today - datetime.timedelta(days=1),
        medicine=catalog("Pregabalin"),
        amount=75,
        need="scheduled",
    )
    response = patient_client.get(reverse("today"))
    form = response.context["forms"]["medicine"]
    assert not form.initial.get("medicine")  # a second dose is never one tap away
    pregabalin = catalog("Pregabalin").pk
    option = re.search(rf'<option value="{pregabalin}"[^>]*>', str(form["medicine"]))
    assert 'data-last-amount="75"' in option[0] and 'data-last-need="scheduled"' in option[0]
    assert 'data-unit="mg"' in option[0]


# Same as yesterday


def test_medicines_and_supplements_repeat_together_once(patient_client, user, today):
    last = today - datetime.timedelta(days=2)
    MedicineDoseFactory(user=user, date=last)
    MedicineDoseFactory(user=user, date=last, medicine=catalog("Gabapentin"), need="scheduled")
    retired = Medicine.objects.create(owner=user, name="Old cream", unit="application")
    MedicineDoseFactory(
        user=user, date=last, medicine=retired, amount=1, unit="application", need="scheduled"
    )
    Medicine.objects.filter(pk=retired.pk).update(is_active=False)
    CoSupplementLogFactory(user=user, date=last)
    page = patient_client.get(reverse("today")).content.decode()
    assert "Same regular medicines and supplements as" in page
    url = reverse("repeat", args=[today, "medicine"])
    response = patient_client.post(url, **HTMX)
    assert "Repeated 2 regular medicines and supplements from" in response.content.decode()
    patient_client.post(url, **HTMX)  # a second tap adds nothing
    copied = MedicineDose.objects.filter(user=user, date=today)
    # Only the regular dose: yesterday's painkiller, taken as needed, is not today's.
    assert [d.medicine.name for d in copied] == ["Gabapentin"]
    assert CoSupplementLog.objects.filter(user=user, date=today).count() == 1


# Shown back


def test_days_per_week_beside_the_weeks_leg_pain(user):
    monday = datetime.date(2026, 11, 16)
    for offset, pain in ((0, 6), (1, 7), (2, 8), (7, 3)):
        DailyEntryFactory(user=user, date=monday + datetime.timedelta(days=offset), leg_pain=pain)
    for offset in (0, 0, 2):  # twice on Monday: one day
        MedicineDoseFactory(user=user, date=monday + datetime.timedelta(days=offset))
    MedicineDoseFactory(
        user=user, date=monday + datetime.timedelta(days=8), medicine=catalog("Tramadol")
    )
    span = charts.Span(monday, monday + datetime.timedelta(days=13), weekly=True)
    weeks = medicine_use.weeks(user, span)
    assert weeks["weeks"] == [monday, monday + datetime.timedelta(days=7)]
    assert weeks["medicines"] == [("Ibuprofen", [2, 0]), ("Tramadol", [0, 1])]
    assert weeks["leg_pain"] == [7.0, 3.0]
    assert weeks["partial"] is None  # the span ends on a Sunday
    # A week before the first medicine ever logged says nothing, rather than 0.
    earlier = charts.Span(
        monday - datetime.timedelta(days=7), monday + datetime.timedelta(days=9), True
    )
    early = medicine_use.weeks(user, earlier)
    assert early["medicines"][0] == ("Ibuprofen", [None, 2, 0])
    assert early["partial"] == monday + datetime.timedelta(days=7)


def test_the_reports_medicine_table_by_hand(user):
    first = datetime.date(2026, 11, 1)
    rows = [  # day, amount, need
        (0, 400, "as_needed"),
        (0, 400, "as_needed"),
        (3, 400, "scheduled"),
        (5, 200, "as_needed"),
        (40, 800, "as_needed"),  # outside the range
    ]
    for day, amount, need in rows:
        MedicineDoseFactory(
            user=user, date=first + datetime.timedelta(days=day), amount=amount, need=need
        )
    MedicineDoseFactory(
        user=user,
        date=first,
        medicine=catalog("Co-codamol (codeine with paracetamol)"),
        amount=1,
        unit="tablet",
    )
    (cocodamol, ibuprofen) = medicine_use.summaries(
        user, first, first + datetime.timedelta(days=29)
    )
    assert (ibuprofen.days, ibuprofen.doses, ibuprofen.usual) == (3, 4, "400 mg")
    assert (ibuprofen.as_needed, ibuprofen.scheduled) == (3, 1)
    assert (cocodamol.days, cocodamol.usual) == (1, "1 tablet")
    built = report.build(user, user.profile, first, first + datetime.timedelta(days=29))
    assert built["medicines"] == [cocodamol, ibuprofen]


def test_the_report_and_dashboard_show_them(patient_client, user, today):
    DailyEntryFactory(user=user, date=today, leg_pain=5)
    MedicineDoseFactory(user=user, date=today, amount="12.5", unit="mg")
    dashboard = patient_client.get(reverse("home")).content.decode()
    assert "Medicines, days per week, beside leg pain" in dashboard
    assert "Painkillers are taken because of pain" in dashboard
    page = patient_client.get(reverse("report")).content.decode()
    assert "Medicines taken" in page and "12.5 mg" in page


# Curators


@pytest.fixture
def curator_client(client):
    curator = UserFactory(is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    client.force_login(curator)
    return client


def test_curators_keep_the_catalog_and_never_see_patients_own(curator_client, other_user):
    own = Medicine.objects.create(owner=other_user, name="A patient's own remedy")
    page = curator_client.get(reverse("admin:recovery_medicine_changelist")).content.decode()
    assert "Pregabalin" in page and "own remedy" not in page
    assert curator_client.get(
        reverse("admin:recovery_medicine_change", args=[own.pk])
    ).status_code in (302, 404)
    assert curator_client.get(reverse("admin:recovery_medicinedose_changelist")).status_code == 403
    tramadol = catalog("Tramadol")
    response = curator_client.post(
        reverse("admin:recovery_medicine_changelist"),
        {"action": "make_inactive", "_selected_action": [tramadol.pk]},
    )
    assert response.status_code == 302
    tramadol.refresh_from_db()
    assert not tramadol.is_active


def test_a_catalog_file_never_reaches_a_patients_own_medicine(curator_client, other_user):
    own = Medicine.objects.create(owner=other_user, name="Baclofen", strengths="theirs")
    csv = "name,group,route,unit,strengths,is_active\nBaclofen,muscle_relaxant,oral,mg,10 mg,1\n"
    upload = SimpleUploadedFile("medicines.csv", csv.encode(), "text/csv")
    preview = curator_client.post(
        reverse("admin:recovery_medicine_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    confirm = preview.context["confirm_form"]
    curator_client.post(reverse("admin:recovery_medicine_process_import"), confirm.initial)
    own.refresh_from_db()
    assert own.strengths == "theirs" and own.owner == other_user
    # The row became a medicine of the catalog's own, beside the patient's.
    assert Medicine.objects.catalog().get(name="Baclofen").strengths == "10 mg"


def test_deleting_an_account_takes_its_own_medicines_with_it(user):
    own = Medicine.objects.create(owner=user, name="Baclofen")
    MedicineDoseFactory(user=user, medicine=own, amount=10)
    user.delete()
    assert not Medicine.objects.filter(pk=own.pk).exists()
    assert Medicine.objects.catalog().filter(name="Ibuprofen").exists()  # the catalog stays
