import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from recovery.days import local_today
from recovery.models import Profile
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-much-longer-passphrase"


def signup_data(**overrides):
    data = {
        "username": "maria",
        "email": "maria@example.com",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "timezone": "Europe/Madrid",
        "recovery_start": "",
    }
    return {**data, **overrides}


def test_signup_page_renders(client):
    response = client.get(reverse("signup"))
    assert response.status_code == 200
    assert b"Create your account" in response.content


def test_signup_creates_the_account_and_its_profile_and_signs_in(client):
    start = local_today("Europe/Madrid") - timedelta(days=3)
    response = client.post(reverse("signup"), signup_data(recovery_start=start.isoformat()))
    assert response.status_code == 302
    assert response.url == reverse("signup_questions")  # asked once, then home
    user = get_user_model().objects.get(username="maria")
    assert user.profile.timezone == "Europe/Madrid"
    assert user.profile.recovery_start == start
    home = client.get(reverse("home"))
    assert home.context["user"] == user
    assert b"today is day 4" in home.content


def test_signup_without_a_start_date_leaves_it_to_the_first_log(client):
    client.post(reverse("signup"), signup_data())
    assert Profile.objects.get(user__username="maria").recovery_start is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password1": "short-pass1", "password2": "short-pass1"}, "password2", "at least 12"),
        ({"password2": "something-else-entirely"}, "password2", "didn’t match"),
        ({"password1": "password1234", "password2": "password1234"}, "password2", "too common"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Select a valid choice"),
        ({"recovery_start": "2026-02-30"}, "recovery_start", "valid date"),
    ],
)
def test_signup_explains_bad_input_and_keeps_what_was_typed(client, overrides, field, message):
    response = client.post(reverse("signup"), signup_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert b'value="maria"' in response.content
    assert not get_user_model().objects.filter(username="maria").exists()


def test_signup_refuses_a_start_date_after_tomorrow(client):
    later = local_today("Pacific/Kiritimati") + timedelta(days=2)
    response = client.post(reverse("signup"), signup_data(recovery_start=later.isoformat()))
    assert "tomorrow at the latest" in response.context["form"].errors["recovery_start"][0]


def test_settings_keep_a_start_date_of_tomorrow_that_an_import_set(patient_client, user):
    tomorrow = local_today("UTC") + timedelta(days=1)
    Profile.objects.filter(user=user).update(recovery_start=tomorrow)
    response = patient_client.post(
        reverse("settings"), {"recovery_start": tomorrow.isoformat(), "timezone": "UTC"}
    )
    assert response.status_code == 302


def confirmation_link(message):
    return re.search(r"http://testserver(/accounts/confirm-email/\S+/)", message.body).group(1)


def test_signup_sends_a_link_that_makes_the_address_the_accounts(client):
    response = client.post(reverse("signup"), signup_data(), follow=True)
    assert "We sent a message to maria@example.com" in response.content.decode()
    user = get_user_model().objects.get(username="maria")
    assert (user.email, user.profile.pending_email) == ("", "maria@example.com")
    [message] = mail.outbox
    assert message.to == ["maria@example.com"]
    assert message.subject == "Confirm your email address for Recovery Tracker"

    link = confirmation_link(message)
    page = client.get(link)  # a mail scanner opening the link changes nothing
    assert "Use <strong>maria@example.com</strong> for the account <strong>maria" in (
        page.content.decode()
    )
    user.refresh_from_db()
    assert user.email == ""
    response = client.post(link, follow=True)
    assert "Your email address is confirmed: maria@example.com." in response.content.decode()
    user.refresh_from_db()
    assert (user.email, user.profile.pending_email) == ("maria@example.com", "")
    # The same link again has nothing left to do.
    response = client.post(link, follow=True)
    assert "This link is out of date" in response.content.decode()


def test_signup_answers_alike_when_the_address_is_in_use(client, user):
    """Only the mailbox's owner learns that the address has an account."""
    response = client.post(reverse("signup"), signup_data(email=user.email.upper()), follow=True)
    assert f"We sent a message to {user.email.upper()}" in response.content.decode()
    assert "already" not in response.content.decode()
    newcomer = get_user_model().objects.get(username="maria")
    assert newcomer.email == ""
    [message] = mail.outbox
    assert message.to == [user.email.upper()]
    assert f'your account "{user.username}"' in message.body
    assert "confirm-email" not in message.body


def test_an_address_confirmed_by_another_account_first_is_not_taken_twice(client, other_user):
    client.post(reverse("signup"), signup_data(email="shared@example.com"))
    link = confirmation_link(mail.outbox[-1])
    get_user_model().objects.filter(pk=other_user.pk).update(email="SHARED@example.com")
    response = client.post(link, follow=True)
    assert "already belongs to another account" in response.content.decode()
    assert get_user_model().objects.get(username="maria").email == ""


def test_the_database_holds_one_account_per_address(user, other_user):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.filter(pk=other_user.pk).update(email=user.email.upper())


@pytest.mark.parametrize("token", ["nonsense", "eyJ1c2VyIjoxfQ:forged:signature"])
def test_a_forged_confirmation_link_is_refused(client, token):
    response = client.post(reverse("confirm_email", args=[token]))
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()


def test_an_altered_confirmation_link_is_refused(client, user):
    from recovery import email_confirmation

    token = email_confirmation.make_token(user, "mine@example.com")
    altered = token.replace(token[5], "A" if token[5] != "A" else "B", 1)
    assert client.post(reverse("confirm_email", args=[altered])).status_code == 400


def test_settings_show_whether_the_address_is_confirmed(client):
    client.post(reverse("signup"), signup_data())
    page = client.get(reverse("settings")).content.decode()
    assert "No confirmed address yet" in page and "maria@example.com" in page


def test_a_password_easy_to_guess_is_refused_with_a_reason(client):
    password = "aaaaaaaaaaaa"
    response = client.post(reverse("signup"), signup_data(password1=password, password2=password))
    errors = " ".join(response.context["form"].errors["password2"])
    assert "easy to guess" in errors and "Repeats" in errors
    sequence = "abcdefghijklmn"
    response = client.post(reverse("signup"), signup_data(password1=sequence, password2=sequence))
    assert "Sequences" in " ".join(response.context["form"].errors["password2"])


def test_a_signed_in_visitor_to_signup_goes_home(patient_client):
    assert patient_client.get(reverse("signup")).url == reverse("home")


def test_every_account_gets_a_profile_even_from_createsuperuser(db):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    assert Profile.objects.filter(user=admin).exists()


def test_login_and_logout(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == user
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_login_with_a_wrong_password_says_so(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_change_password(patient_client, user):
    response = patient_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.url == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_reset_password_by_email(client, user):
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert mail.outbox[0].subject == "Reset your Recovery Tracker password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_reset_for_an_unknown_email_reveals_nothing(client, user):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


@pytest.mark.parametrize("password", ["é" * 3000, "Sciatica recovery, slowly but surely! " * 5])
def test_a_very_long_password_is_judged_not_a_server_error(client, password):
    response = client.post(reverse("signup"), signup_data(password1=password, password2=password))
    assert response.status_code in (200, 302)
