"""Export, import, the round trip, deleting the account, and the clinician report."""

import datetime
import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recovery import models, portability, serious_causes
from recovery.days import local_today
from tests.factories import (
    PASSWORD,
    CoSupplementLogFactory,
    DailyEntryFactory,
    ExerciseSessionFactory,
    FoodLogFactory,
    HabitLogFactory,
    MagnesiumDoseFactory,
    MedicineDoseFactory,
    WeeklyCheckFactory,
)
from tests.history_maker import make_history

pytestmark = pytest.mark.django_db
TODAY = local_today("UTC")


def rich_history(user):
    make_history(user, 20, TODAY - datetime.timedelta(days=1))
    DailyEntryFactory(
        user=user,
        date=TODAY,
        note="Sat too long ✈",
        saddle_numbness=True,
        sexual_problems=True,
        pain_reach_left=3,
        pain_reach_right=0,
        numbness_left=True,
        weakness_left=False,
    )
    MagnesiumDoseFactory(user=user, date=TODAY, amount_mg=500, amount_basis="compound")
    MagnesiumDoseFactory(user=user, date=TODAY, amount_mg=500, amount_basis="compound")  # twice
    ExerciseSessionFactory(user=user, date=TODAY, pain_during=3)
    FoodLogFactory(user=user, date=TODAY, servings="0.5")
    HabitLogFactory(user=user, date=TODAY)
    CoSupplementLogFactory(user=user, date=TODAY, amount=None)
    MedicineDoseFactory(user=user, date=TODAY, time=datetime.time(8, 0))
    serious_causes.record(user.profile, ["fever_or_unwell", "significant_trauma"])
    own = models.Medicine.objects.create(owner=user, name="Baclofen", unit="mg", strengths="10 mg")
    MedicineDoseFactory(user=user, date=TODAY, medicine=own, amount="12.5", need="scheduled")
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    WeeklyCheckFactory(user=user, week=monday - datetime.timedelta(days=7))
    WeeklyCheckFactory(
        user=user,
        week=monday - datetime.timedelta(days=14),
        skipped=True,
        leg_pain=None,
        numbness=None,
        weakness=None,
        sitting_pain=None,
    )


def export(client, fmt="json", password=PASSWORD):
    return client.post(reverse("export"), {"format": fmt, "password": password})


def upload(client, content, password=PASSWORD, name="log.json"):
    file = SimpleUploadedFile(name, content, "application/json")
    return client.post(reverse("import"), {"file": file, "password": password})


def rows(user):
    """Everything a user logged, as comparable values (no ids, no owner), and their answers
    to the other serious-cause questions."""
    document = portability.export_document(user)
    kinds = {kind.name: document[kind.name] for kind in portability.KINDS}
    causes = {name: document["profile"][name] for name in portability.SERIOUS_CAUSES}
    return {"own_medicines": document["own_medicines"], **kinds, "serious_causes": causes}


def test_export_needs_the_password(patient_client):
    response = export(patient_client, password="wrong")
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()


def test_json_export(patient_client, user, other_user):
    rich_history(user)
    MagnesiumDoseFactory(user=other_user, date=TODAY, amount_mg=777)
    response = export(patient_client)
    assert response["Content-Disposition"].startswith('attachment; filename="recovery-log-')
    document = json.loads(response.content)
    assert (document["format"], document["version"]) == ("sciatica-recovery-tracker", 1)
    assert len(document["entries"]) == 21
    assert len(document["doses"]) == 20 * 2 + 2
    dose = document["doses"][-1]
    assert dose == {
        "date": TODAY.isoformat(),
        "form": "Magnesium glycinate",
        "time": "20:30:00",
        "amount_mg": "500.0",
        "amount_basis": "compound",
        "elemental_mg": "70.5",
    }
    assert document["entries"][-1]["note"] == "Sat too long ✈"
    assert document["entries"][-1]["pain_reach_left_0_4"] == 3
    assert document["entries"][-1]["numbness_left"] is True
    assert document["entries"][-1]["weakness_right"] is None
    assert document["entries"][-1]["leg_pain_0_10"] == 6
    assert document["entries"][-1]["sexual_problems"] is True
    assert document["entries"][0]["sexual_problems"] is None  # never asked: not a "no"
    profile = document["profile"]
    assert (profile["fever_or_unwell"], profile["cancer_history"]) == (True, False)
    answered_at = user.profile.serious_causes_answered_at
    assert profile["serious_causes_answered_at"] == answered_at.isoformat().replace("+00:00", "Z")
    # The other patient's dose is not here (a substring test could meet 777 in a timestamp).
    assert "777.0" not in {dose["amount_mg"] for dose in document["doses"]}


def test_csv_export_is_a_zip_of_one_file_per_kind(patient_client, user):
    rich_history(user)
    response = export(patient_client, "csv")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "doses.csv",
        "entries.csv",
        "food.csv",
        "habits.csv",
        "medicine_doses.csv",
        "own_medicines.csv",
        "sessions.csv",
        "supplements.csv",
        "weekly_checks.csv",
    ]
    header = archive.read("entries.csv").decode().splitlines()[0]
    assert header.startswith("date,leg_pain_0_10,back_pain_0_10")
    assert "hours_sitting_h" in header
    assert archive.read("food.csv").decode().splitlines()[0] == "date,food,servings,magnesium_mg"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("x;=1+1", "x;'=1+1"),  # a spreadsheet splitting at semicolons meets "=1+1"
        ("a,-b", "a,'-b"),
        ("\t=x", "'\t'=x"),
        ("ok\n@x", "ok\n'@x"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("Sat 2-3 h, then -1", "Sat 2-3 h, then -1"),
    ],
)
def test_a_formula_after_a_separator_is_neutralised_too(text, written):
    assert portability._csv_value(text) == written


FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def text_cells(archive, name, column):
    import csv

    return [row[column] for row in csv.DictReader(io.StringIO(archive.read(name).decode()))]


def test_no_cell_of_the_csv_export_is_a_formula_and_the_json_keeps_the_text(client, user):
    for number, text in enumerate(FORMULAS):
        DailyEntryFactory(user=user, date=TODAY - datetime.timedelta(days=number), note=text)
        models.Medicine.objects.create(owner=user, name=f"{text} {number}", strengths=text)
    DailyEntryFactory(user=user, date=TODAY - datetime.timedelta(days=9), note="Sat 2-3 h")
    client.force_login(user)

    archive = zipfile.ZipFile(io.BytesIO(export(client, "csv").content))
    notes = text_cells(archive, "entries.csv", "note")
    assert sorted(notes) == sorted(["'" + text for text in FORMULAS] + ["Sat 2-3 h"])
    for column in ("name", "strengths"):
        cells = text_cells(archive, "own_medicines.csv", column)
        assert len(cells) == len(FORMULAS) and all(cell.startswith("'") for cell in cells)
    # Numbers stay numbers: a negative number is no text to escape, and none is written '.
    assert not any(
        cell.startswith("'")
        for name in archive.namelist()
        if name not in ("entries.csv", "own_medicines.csv")
        for cell in archive.read(name).decode().split(",")
    )

    # The JSON export and its import give back the text exactly as written.
    file = export(client).content
    document = json.loads(file)
    assert {entry["note"] for entry in document["entries"]} == {*FORMULAS, "Sat 2-3 h"}
    before = rows(user)
    client.post(reverse("delete_account"), {"confirm": "on", "password": PASSWORD})
    again = get_user_model().objects.create_user("again", password=PASSWORD)
    client.force_login(again)
    assert upload(client, file).context["result"].total_added == len(FORMULAS) * 2 + 1
    assert rows(again) == before


def test_the_round_trip_gives_back_the_same_rows(client, user):
    rich_history(user)
    client.force_login(user)
    before = rows(user)
    file = export(client).content
    total = sum(len(kind_rows) for name, kind_rows in before.items() if name != "serious_causes")

    client.post(reverse("delete_account"), {"confirm": "on", "password": PASSWORD})
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    client.post(
        reverse("signup"),
        {
            "username": "again",
            "email": "again@example.com",
            "password1": "a-fresh-long-passphrase",
            "password2": "a-fresh-long-passphrase",
            "timezone": "UTC",
        },
    )
    again = get_user_model().objects.get(username="again")
    response = client.post(
        reverse("import"),
        {"file": SimpleUploadedFile("log.json", file), "password": "a-fresh-long-passphrase"},
    )
    assert response.context["result"].total_added == total
    assert rows(again) == before  # row for row, in order
    assert before["serious_causes"]["significant_trauma"] is True
    assert "serious_causes" in response.context["result"].profile_fields
    # Importing the same file again adds nothing.
    response = client.post(
        reverse("import"),
        {"file": SimpleUploadedFile("log.json", file), "password": "a-fresh-long-passphrase"},
    )
    assert response.context["result"].total_added == 0
    assert rows(again) == before


def test_an_export_from_before_the_new_questions_imports_them_unanswered(patient_client, user):
    """An export made before new sexual problems were asked daily, and before the other
    serious-cause questions: every day imports, and what it never asked stays unasked."""
    source = get_user_model().objects.create_user("before", password=PASSWORD)
    rich_history(source)
    document = portability.export_document(source)
    for entry in document["entries"]:
        del entry["sexual_problems"]
    for name in portability.SERIOUS_CAUSES:
        del document["profile"][name]
    file = json.dumps(document, cls=portability.DjangoJSONEncoder).encode()
    response = upload(patient_client, file)
    assert response.context["result"].added["entries"] == len(document["entries"])
    entries = models.DailyEntry.objects.filter(user=user)
    assert set(entries.values_list("sexual_problems", flat=True)) == {None}
    assert entries.get(date=TODAY).saddle_numbness is True
    user.profile.refresh_from_db()
    assert serious_causes.answers(user.profile) == dict.fromkeys(serious_causes.QUESTIONS)
    assert user.profile.serious_causes_answered_at is None


def test_an_import_keeps_the_accounts_own_serious_cause_answers(patient_client, user):
    source = get_user_model().objects.create_user("source", password=PASSWORD)
    serious_causes.record(source.profile, ["cancer_history"])
    serious_causes.record(user.profile, [])  # "None of these", given in this account
    mine = user.profile.serious_causes_answered_at
    file = json.dumps(portability.export_document(source), cls=portability.DjangoJSONEncoder)
    response = upload(patient_client, file.encode())
    assert "serious_causes" not in response.context["result"].profile_fields
    user.profile.refresh_from_db()
    assert user.profile.cancer_history is False
    assert user.profile.serious_causes_answered_at == mine


def document_with(**rows_by_kind):
    document = {"format": "sciatica-recovery-tracker", "version": 1}
    return json.dumps({**document, **rows_by_kind}).encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n", "This is not a JSON file"),
        (b"{not json", "This is not a JSON file"),
        (b'{"hello": "world"}', "not an export of this app"),
        (document_with(version=9), "only 1 can be read"),
        (
            document_with(entries=[{"date": "2026-01-01", "leg_pain_0_10": 11}]),
            "entries row 1: leg_pain",
        ),
        (document_with(entries=[{"date": "2026-02-30"}]), "entries row 1: date"),
        (
            document_with(food=[{"date": "2026-01-01", "food": "Moon cheese", "servings": 1}]),
            "not in this app's catalog",
        ),
        (
            document_with(entries=[{"date": (TODAY + datetime.timedelta(days=2)).isoformat()}]),
            "has not happened yet",
        ),
        (document_with(doses="lots"), "doses: expected a list"),
        (
            document_with(
                sessions=[
                    {
                        "date": "2026-01-01",
                        "exercise": "Balasana",
                        "minutes": 5,
                        "repetitions_per_side": 2,
                        "breaths_per_minute": "6",
                    }
                ]
            ),
            "repetitions or breaths per minute, not both",
        ),
        (
            document_with(entries=[{"date": "2026-01-01"}, {"date": "2026-01-01"}]),
            "the same day appears twice",
        ),
    ],
)
def test_a_bad_file_is_explained_and_nothing_is_imported(patient_client, user, content, message):
    good_entry = {"date": "2025-12-01", "leg_pain_0_10": 3, "no_supplements": False}
    if content.startswith(b'{"format"'):
        document = json.loads(content)
        document.setdefault("entries", []).append(good_entry)
        content = json.dumps(document).encode()
    response = upload(patient_client, content)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not models.DailyEntry.objects.filter(user=user).exists()


def test_an_oversized_upload_is_refused(patient_client):
    response = upload(patient_client, b" " * (portability.MAX_UPLOAD_BYTES + 1))
    assert response.context["form"].errors["file"] == ["The file is larger than 5 MB."]


def test_import_needs_the_password(patient_client, user):
    response = upload(
        patient_client,
        document_with(entries=[{"date": "2026-01-01", "no_supplements": False}]),
        password="nope",
    )
    assert "That is not your password." in response.content.decode()
    assert not models.DailyEntry.objects.exists()


def test_deleting_the_account_removes_every_row_of_it_and_nothing_else(client, user, other_user):
    rich_history(user)
    rich_history(other_user)
    client.force_login(user)
    log_models = [
        models.DailyEntry,
        models.MagnesiumDose,
        models.ExerciseSession,
        models.FoodLog,
        models.HabitLog,
        models.CoSupplementLog,
        models.MedicineDose,
        models.WeeklyCheck,
        models.Profile,
    ]
    theirs = {model: model.objects.filter(user=other_user).count() for model in log_models}
    mine = sum(model.objects.filter(user=user).count() for model in log_models)
    mine += models.Medicine.objects.filter(owner=user).count()
    assert mine > 100

    response = client.post(reverse("delete_account"), {"confirm": "on", "password": "wrong"})
    assert "That is not your password." in response.content.decode()
    response = client.post(
        reverse("delete_account"), {"confirm": "on", "password": PASSWORD}, follow=True
    )
    assert "Your account is deleted" in response.content.decode()
    assert f"({mine + 1} records)" in response.content.decode()  # the rows and the user
    assert all(model.objects.filter(user_id=user.pk).count() == 0 for model in log_models)
    assert not models.Medicine.objects.filter(owner_id=user.pk).exists()
    assert models.Medicine.objects.filter(owner=other_user).count() == 1
    assert {model: model.objects.filter(user=other_user).count() for model in log_models} == theirs
    assert not response.context["user"].is_authenticated


def test_the_clinician_report(patient_client, user):
    rich_history(user)
    url = reverse("report") + f"?first={TODAY - datetime.timedelta(days=13)}&last={TODAY}"
    response = patient_client.get(url)
    page = response.content.decode()
    report = response.context["report"]
    assert report["logged_days"] == 14
    leg = next(score for score in report["scores"] if score.measure == "leg_pain")
    assert (leg.average, leg.trend) == (6, "no clear change")
    assert "Magnesium glycinate" in page
    # 13 days of 200 mg, plus today's 2 × 70.5 mg, over the 14 days it was taken.
    assert report["oral_days"] == 14
    assert report["oral_average_on_those_days"] == pytest.approx((13 * 200 + 141) / 14)
    assert "Oral supplements on 14 of the 14 logged days, averaging 196 mg" in page
    assert "numbness between the legs" in page  # today's warning sign
    left, right = report["legs"]
    assert (left.days_at, left.numbness_days, left.last_week) == (
        [0, 0, 0, 1, 0],
        1,
        "Below the knee",
    )
    assert (right.days_at, right.first_week) == ([1, 0, 0, 0, 0], "No leg pain")
    assert "Where the leg pain reached" in page
    assert "Print or save as PDF" in page


def test_the_report_explains_a_backwards_range(patient_client):
    response = patient_client.get(reverse("report") + "?first=2026-03-10&last=2026-03-01")
    assert "must come before its end" in response.content.decode()
    assert "report" not in response.context


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("9999-12-01", "9999-12-31"),
        (TODAY + datetime.timedelta(days=1), TODAY + datetime.timedelta(days=1)),
        (TODAY + datetime.timedelta(days=1), TODAY + datetime.timedelta(days=30)),
    ],
)
def test_a_report_starting_after_today_is_a_message_not_an_error(patient_client, first, last):
    response = patient_client.get(reverse("report"), {"first": first, "last": last})
    assert response.status_code == 200
    assert response.context["form"].errors["first"] == [
        f"Start on or before today ({TODAY.day} {TODAY:%B %Y})."
    ]
    assert "report" not in response.context


def test_a_report_ending_after_today_ends_today(patient_client, user):
    DailyEntryFactory(user=user, date=TODAY, leg_pain=4)
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = patient_client.get(reverse("report"), {"first": TODAY, "last": tomorrow})
    assert response.status_code == 200 and response.context["report"]


def test_magnesium_is_averaged_over_the_days_it_was_taken(patient_client, user):
    # The first release divided 2 days' supplements by every logged day.
    for back in range(10):
        DailyEntryFactory(user=user, date=TODAY - datetime.timedelta(days=back))
    MagnesiumDoseFactory(user=user, date=TODAY, amount_mg=300)
    MagnesiumDoseFactory(user=user, date=TODAY - datetime.timedelta(days=1), amount_mg=100)
    url = reverse("report") + f"?first={TODAY - datetime.timedelta(days=9)}&last={TODAY}"
    page = patient_client.get(url).content.decode()
    assert "Oral supplements on 2 of the 10 logged days, averaging 200 mg" in page
    # Empty exercise weeks are one line, not a table of zeros.
    assert "None logged in" in page and "<td>0</td>" not in page


def test_the_report_says_when_days_were_left_out(patient_client, user):
    # 20 days: the first half all logged, the second half logged on 6 of 10.
    skipped = [back for back in range(10) if back % 5 >= 3]
    for back in range(20):
        if back not in skipped:
            DailyEntryFactory(user=user, date=TODAY - datetime.timedelta(days=back))
    url = reverse("report") + f"?first={TODAY - datetime.timedelta(days=19)}&last={TODAY}"
    page = patient_client.get(url).content.decode()
    assert (
        "4 of the 20 days were not logged (0 in the first half, 4 in the second); the days "
        "people leave out are often their worst, so a half with gaps may read better than it "
        "was." in page
    )
    # Every day logged: nothing said.
    for back in skipped:
        DailyEntryFactory(user=user, date=TODAY - datetime.timedelta(days=back))
    assert "were not logged" not in patient_client.get(url).content.decode()


def test_the_report_says_where_the_pain_went(patient_client, user):
    # First logged week below the knee every day; the last week below the knee on 2 days.
    for back in range(14):
        reach = 3 if back >= 7 or back < 2 else 1
        DailyEntryFactory(
            user=user, date=TODAY - datetime.timedelta(days=back), pain_reach_right=reach
        )
    url = reverse("report") + f"?first={TODAY - datetime.timedelta(days=13)}&last={TODAY}"
    page = patient_client.get(url).content.decode()
    assert (
        "Your right leg pain reached below the knee or further on 2 of the last 7 logged days, "
        "against 7 of 7 in the first logged week." in page
    )
