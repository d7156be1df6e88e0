"""Curators keep the catalogs in the admin and never see patients' data."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recovery.models import Food
from tests.factories import DailyEntryFactory, MagnesiumDoseFactory, UserFactory

pytestmark = pytest.mark.django_db

CATALOGS = [
    "magnesiumform",
    "exercise",
    "food",
    "habit",
    "cosupplement",
    "timelinephase",
    "routine",
]
PATIENT_DATA = [
    "dailyentry",
    "magnesiumdose",
    "exercisesession",
    "foodlog",
    "habitlog",
    "cosupplementlog",
    "profile",
]


@pytest.fixture
def curator_client(client):
    curator = UserFactory(is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    client.force_login(curator)
    return client


def test_a_curator_can_open_every_catalog(curator_client):
    for model in CATALOGS:
        assert curator_client.get(reverse(f"admin:recovery_{model}_changelist")).status_code == 200
        assert curator_client.get(reverse(f"admin:recovery_{model}_add")).status_code == 200


def test_a_curator_edits_a_food(curator_client):
    food = Food.objects.get(name="Banana")
    response = curator_client.post(
        reverse("admin:recovery_food_change", args=[food.pk]),
        {
            "name": "Banana",
            "group": "fruit",
            "serving": "1 large",
            "magnesium_mg": "37",
            "source": "USDA",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    food.refresh_from_db()
    assert (food.serving, food.magnesium_mg) == ("1 large", Decimal("37"))


def test_a_curator_sees_no_patient_data(curator_client):
    entry = DailyEntryFactory(note="private note about my back")
    dose = MagnesiumDoseFactory()
    for model in PATIENT_DATA:
        response = curator_client.get(reverse(f"admin:recovery_{model}_changelist"))
        assert response.status_code == 403, model
    for url in [
        reverse("admin:recovery_dailyentry_change", args=[entry.pk]),
        reverse("admin:recovery_magnesiumdose_change", args=[dose.pk]),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[entry.user.pk]),
    ]:
        assert curator_client.get(url).status_code == 403, url
    index = curator_client.get(reverse("admin:index")).content.decode()
    assert "Daily entries" not in index
    assert "Magnesium doses" not in index
    assert "Foods" in index


def test_a_curator_deactivates_rather_than_deletes(curator_client):
    dose = MagnesiumDoseFactory()
    delete_url = reverse("admin:recovery_magnesiumform_delete", args=[dose.form_id])
    assert curator_client.get(delete_url).status_code == 403
    response = curator_client.post(
        reverse("admin:recovery_magnesiumform_changelist"),
        {"action": "make_inactive", "_selected_action": [dose.form_id]},
        follow=True,
    )
    assert "1 made inactive" in response.content.decode()
    dose.refresh_from_db()
    assert not dose.form.is_active


def test_bulk_activate(curator_client):
    Food.objects.filter(group="legumes").update(is_active=False)
    legumes = list(Food.objects.filter(group="legumes").values_list("pk", flat=True))
    curator_client.post(
        reverse("admin:recovery_food_changelist"),
        {"action": "make_active", "_selected_action": legumes},
    )
    assert Food.objects.filter(group="legumes", is_active=False).count() == 0


def test_patients_cannot_enter_the_admin(patient_client):
    assert patient_client.get(reverse("admin:recovery_food_changelist")).status_code == 302


# CSV round trip


def export_foods(client):
    form = client.get(reverse("admin:recovery_food_export")).context["form"]
    data = {
        name: "on" for name in form.fields if name not in ("format", "resource", "export_items")
    }
    response = client.post(
        reverse("admin:recovery_food_export"), {**data, "format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def import_foods(client, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    upload = SimpleUploadedFile("foods.csv", buffer.getvalue().encode(), "text/csv")
    preview = client.post(
        reverse("admin:recovery_food_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert preview.status_code == 200
    return preview


def test_a_curator_exports_the_foods_as_csv(curator_client):
    rows = export_foods(curator_client)
    assert len(rows) == Food.objects.count()
    pumpkin = next(row for row in rows if row["name"] == "Pumpkin seeds, roasted")
    assert pumpkin["magnesium_mg"] == "156.0"
    assert set(pumpkin) == {"name", "group", "serving", "magnesium_mg", "source", "is_active"}


def test_importing_a_good_file_adds_and_updates_by_name(curator_client):
    rows = export_foods(curator_client)
    banana = next(row for row in rows if row["name"] == "Banana")
    banana["magnesium_mg"] = "33"
    new = {**banana, "name": "Edamame, cooked", "group": "legumes", "magnesium_mg": "50"}
    preview = import_foods(curator_client, [banana, new])
    confirm = preview.context["confirm_form"]
    response = curator_client.post(
        reverse("admin:recovery_food_process_import"), confirm.initial, follow=True
    )
    assert response.status_code == 200
    assert Food.objects.get(name="Banana").magnesium_mg == Decimal("33")
    assert Food.objects.get(name="Edamame, cooked").magnesium_mg == Decimal("50")
    assert Food.objects.count() == 18


def test_a_bad_row_is_reported_and_nothing_is_imported(curator_client):
    before = list(Food.objects.values_list("name", "magnesium_mg"))
    good = {
        "name": "Edamame, cooked",
        "group": "legumes",
        "serving": "½ cup",
        "magnesium_mg": "50",
        "source": "USDA",
        "is_active": "1",
    }
    bad = {**good, "name": "Sunflower seeds", "magnesium_mg": "-5"}
    unknown_group = {**good, "name": "Tofu", "group": "soy"}
    not_a_number = {**good, "name": "Oats", "magnesium_mg": "lots"}
    preview = import_foods(curator_client, [good, bad, unknown_group, not_a_number])
    page = preview.content.decode()
    assert preview.context.get("confirm_form") is None  # nothing to confirm
    assert "Magnesium per serving (mg) must be between 0.1 and 1000." in page
    assert "Value &#x27;soy&#x27; is not a valid choice." in page
    assert "“lots” is not a number." in page
    assert list(Food.objects.values_list("name", "magnesium_mg")) == before
