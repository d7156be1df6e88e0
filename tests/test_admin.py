import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from recovery.models import TimelinePhase
from tests.factories import DailyEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "x" * 16)
    client.force_login(admin)
    return client


def test_the_relief_timeline_is_loaded_by_the_migrations():
    assert list(TimelinePhase.objects.values_list("name", "first_day", "last_day")) == [
        ("Weeks 1–2", 1, 14),
        ("Weeks 3–4", 15, 28),
        ("Months 2–3", 29, 90),
        ("Long-term", 91, None),
    ]


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        reverse("admin:recovery_timelinephase_changelist"),
        reverse("admin:recovery_profile_changelist"),
        reverse("admin:auth_user_changelist"),
    ],
)
def test_a_superuser_can_use_the_admin(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_patients_are_kept_out_of_the_admin(patient_client):
    response = patient_client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_the_admin_shows_every_warning_sign_of_an_entry(admin_client, user):
    entry = DailyEntryFactory(user=user, sexual_problems=True)
    page = admin_client.get(reverse("admin:recovery_dailyentry_change", args=[entry.pk]))
    html = page.content.decode()
    for name in entry.RED_FLAGS:
        assert str(entry._meta.get_field(name).verbose_name.capitalize()) in html, name
