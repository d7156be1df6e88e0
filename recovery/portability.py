"""A patient's data in and out: a JSON document, CSV files in a zip, and importing the JSON.

Columns carry their units in their names. Catalog items travel by name, so a file moves
between installations. Importing validates the whole file before writing anything, writes
in one transaction, and adds only what the account does not hold yet: rows are matched
on all their values, counting repeats, so importing the same file twice adds nothing, even
twice at once (imports of one patient take turns under a lock).

Values are taken as the export writes them and never coerced: a score is a whole number
(not 5.5, not true), a flag is true or false, an amount a number or a numeric string, a
date ISO text. Every value then passes the model field's own validators, the same rules
the pages apply.
"""

import csv
import datetime
import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from . import freshness, jsontext, magnesium
from .days import last_accepted_day
from .models import (
    CoSupplement,
    CoSupplementLog,
    DailyEntry,
    Exercise,
    ExerciseSession,
    Food,
    FoodLog,
    Habit,
    HabitLog,
    MagnesiumDose,
    MagnesiumForm,
    Medicine,
    MedicineDose,
    Profile,
    WeeklyCheck,
)
from .models.logs import REACH_FIELDS, RED_FLAG_FIELDS, SCORE_FIELDS, SIDE_SYMPTOM_FIELDS
from .models.profile import SERIOUS_CAUSE_FIELDS

FORMAT = "sciatica-recovery-tracker"
VERSION = 1
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS_PER_KIND = 20_000
# No value the export writes comes near this many digits; Python refuses to read integers
# beyond 4,300 digits at all.
MAX_NUMBER_DIGITS = 30
MAX_SHOWN = 60
PROFILE_FIELDS = ("recovery_start", "timezone", "sex", "age_band", "kidney_condition")
# The other serious-cause answers travel with the profile, and with the time they were given:
# they are one set of answers (recovery/serious_causes.py), taken or kept together.
SERIOUS_CAUSES = (*SERIOUS_CAUSE_FIELDS, "serious_causes_answered_at")


@dataclass(frozen=True)
class Kind:
    """One kind of record and its columns: (column name, model field)."""

    name: str
    model: type
    columns: tuple
    catalog: tuple | None = None  # (column, field, catalog model): travels by name
    derived: tuple = ()  # export-only columns: (column, function of the row)
    date_field: str = "date"
    # One row per date (the day's entry, the week's check): a second is an error, and one
    # the account holds already is kept as it is.
    one_per_date: bool = False

    def rows(self, user):
        rows = self.model.objects.filter(user=user).order_by(self.date_field, "pk")
        return rows.select_related(self.catalog[1]) if self.catalog else rows

    def export_row(self, obj):
        row = {column: getattr(obj, field) for column, field in self.columns}
        if self.catalog:
            column, field, _ = self.catalog
            row[column] = getattr(obj, field).name
        row.update({column: compute(obj) for column, compute in self.derived})
        return row

    @property
    def headers(self):
        catalog = [self.catalog[0]] if self.catalog else []
        return [
            self.columns[0][0],
            *catalog,
            *(c for c, _ in self.columns[1:]),
            *(c for c, _ in self.derived),
        ]


KINDS = (
    Kind(
        "entries",
        DailyEntry,
        (
            ("date", "date"),
            *((f"{name}_0_10", name) for name in SCORE_FIELDS),
            ("hours_sitting_h", "hours_sitting"),
            *((f"{name}_0_4", name) for name in REACH_FIELDS),
            *((name, name) for name in SIDE_SYMPTOM_FIELDS),
            *((name, name) for name in RED_FLAG_FIELDS),
            ("no_supplements", "no_supplements"),
            ("note", "note"),
        ),
        one_per_date=True,
    ),
    Kind(
        "doses",
        MagnesiumDose,
        (
            ("date", "date"),
            ("time", "time"),
            ("amount_mg", "amount_mg"),
            ("amount_basis", "amount_basis"),
        ),
        catalog=("form", "form", MagnesiumForm),
        derived=(("elemental_mg", lambda dose: dose.elemental_mg),),
    ),
    Kind(
        "sessions",
        ExerciseSession,
        (
            ("date", "date"),
            ("minutes", "minutes"),
            ("repetitions_per_side", "repetitions_per_side"),
            ("breaths_per_minute", "breaths_per_minute"),
            ("pain_during_0_10", "pain_during"),
        ),
        catalog=("exercise", "exercise", Exercise),
    ),
    Kind(
        "food",
        FoodLog,
        (("date", "date"), ("servings", "servings")),
        catalog=("food", "food", Food),
        derived=(("magnesium_mg", lambda log: log.magnesium_mg),),
    ),
    Kind("habits", HabitLog, (("date", "date"),), catalog=("habit", "habit", Habit)),
    Kind(
        "supplements",
        CoSupplementLog,
        (("date", "date"), ("amount", "amount")),
        catalog=("supplement", "supplement", CoSupplement),
        derived=(("unit", lambda log: log.supplement.unit),),
    ),
    Kind(
        "medicine_doses",
        MedicineDose,
        (
            ("date", "date"),
            ("time", "time"),
            ("amount", "amount"),
            ("unit", "unit"),
            ("taken", "need"),
        ),
        catalog=("medicine", "medicine", Medicine),
    ),
    Kind(
        "weekly_checks",
        WeeklyCheck,
        (
            ("week_starting", "week"),
            *((f"{name}_0_6", name) for name in WeeklyCheck.QUESTIONS),
            ("skipped", "skipped"),
        ),
        derived=(("total_0_24", lambda check: check.total),),
        date_field="week",
        one_per_date=True,
    ),
)
# The patient's own medicines (those not in the catalog) travel with their doses, by name.
OWN_MEDICINE_FIELDS = ("name", "group", "route", "unit", "strengths", "is_active")


# Export


def export_document(user):
    profile = user.profile
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "profile": {field: getattr(profile, field) for field in (*PROFILE_FIELDS, *SERIOUS_CAUSES)},
        "own_medicines": own_medicine_rows(user),
        **{kind.name: [kind.export_row(obj) for obj in kind.rows(user)] for kind in KINDS},
    }


def export_json(user):
    return json.dumps(export_document(user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def own_medicine_rows(user):
    return [
        {field: getattr(medicine, field) for field in OWN_MEDICINE_FIELDS}
        for medicine in Medicine.objects.filter(owner=user).order_by("name")
    ]


def export_csv_zip(user):
    """One CSV per kind of record, in a zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _write_csv(archive, "own_medicines", OWN_MEDICINE_FIELDS, own_medicine_rows(user))
        for kind in KINDS:
            rows = (kind.export_row(obj) for obj in kind.rows(user))
            _write_csv(archive, kind.name, kind.headers, rows)
    return buffer.getvalue()


def _write_csv(archive, name, headers, rows):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=headers)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_value(v) for k, v in row.items()})
    archive.writestr(f"{name}.csv", text.getvalue())


# A spreadsheet reads a cell that starts with one of = + - @, a tab or a carriage return as a
# formula (OWASP, "CSV Injection"): a note "=HYPERLINK(…)" would open as a live link. Some read
# the full-width forms too (East Asian locales), and one set to another separator (a semicolon
# in much of Europe) splits a cell there, so a formula may also start after one.
FORMULA = re.compile(r"(?<![^,;\t\r\n])([=+\-@\t\r\uff1d\uff0b\uff0d\uff20])")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, str):
        # Shown as text, the apostrophe hidden by the spreadsheet. Only the CSV, which is
        # never imported, carries it: the JSON export keeps the text as written.
        return FORMULA.sub(r"'\1", value)
    return value


# Import


class ImportProblem(Exception):
    def __init__(self, errors):
        self.errors = errors if isinstance(errors, list) else [errors]
        super().__init__("; ".join(self.errors))


@dataclass
class ImportReport:
    added: dict
    skipped: dict
    profile_fields: list

    @property
    def total_added(self):
        return sum(self.added.values())

    @property
    def rows(self):
        """(what, added, already here) per kind, in words."""
        return [
            (KIND_LABELS.get(name, name), count, self.skipped.get(name, 0))
            for name, count in self.added.items()
        ]


KIND_LABELS = {
    "own_medicines": "Your own medicines",
    "entries": "Days",
    "doses": "Magnesium doses",
    "sessions": "Stretching and breathing",
    "food": "Food",
    "habits": "Habits",
    "supplements": "Other supplements",
    "medicine_doses": "Medicines taken",
    "weekly_checks": "Weekly checks",
}


def _integer(text):
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise ImportProblem(f"The file holds a number with more than {MAX_NUMBER_DIGITS} digits.")
    return int(text)


def _decimal(text):
    # Decimal reads 1E+1000000000000000000 and then cannot hold it: refused like a long
    # integer, as a number no export writes.
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise ImportProblem("The file holds a number too large to read.") from None
    if number.is_finite() and abs(number.adjusted()) > MAX_NUMBER_DIGITS:
        raise ImportProblem(f"The file holds a number with more than {MAX_NUMBER_DIGITS} digits.")
    return number


def _not_a_number(name):
    raise ImportProblem(f"The file holds {name}, which is not a number JSON allows.")


def read_document(raw):
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ImportProblem(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    try:
        document = jsontext.loads(
            raw.decode("utf-8-sig"),
            parse_int=_integer,
            parse_float=_decimal,
            parse_constant=_not_a_number,
        )
    except jsontext.NotUnicode:
        raise ImportProblem(
            "The file holds text that is not valid Unicode (a lone surrogate, written "
            "\\ud800 to \\udfff): this app's export never writes one."
        ) from None
    except (UnicodeDecodeError, jsontext.Unreadable):
        raise ImportProblem(
            "This is not a JSON file. Choose the .json file that the export made."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportProblem("This JSON file is not an export of this app.")
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        shown = version if isinstance(version, int) and not isinstance(version, bool) else "?"
        raise ImportProblem(f"This export is version {shown}; only {VERSION} can be read.")
    return document


def _shown(value):
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _expected_type(field):
    """What JSON value a model field accepts, as (test, words for a message)."""
    if isinstance(field, models.BooleanField):
        return (lambda v: isinstance(v, bool)), "true or false"
    if isinstance(field, models.IntegerField):
        return (lambda v: isinstance(v, int) and not isinstance(v, bool)), "a whole number"
    if isinstance(field, models.DecimalField):
        return _is_number, "a number"
    if isinstance(field, models.DateTimeField):  # before DateField, its parent class
        return (lambda v: isinstance(v, str)), "a time written like 2026-03-01T09:30:00Z"
    if isinstance(field, models.DateField):
        return (lambda v: isinstance(v, str)), "a date written like 2026-03-01"
    if isinstance(field, models.TimeField):
        return (lambda v: isinstance(v, str)), "a time written like 20:30"
    return (lambda v: isinstance(v, str)), "text"


def _is_number(value):
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        return False
    try:
        return Decimal(value).is_finite()
    except ArithmeticError:
        return False


def check_type(field, column, value):
    """Refuses a value whose JSON type does not fit the field, instead of coercing it."""
    if value is None:
        return
    fits, words = _expected_type(field)
    if not fits(value):
        raise ValidationError(f"{column}: expected {words}, not {_shown(value)}")
    # PostgreSQL cannot store NUL in text, and no form lets one through.
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(f"{column}: text cannot contain the NUL character")


def _instance(kind, user, row, catalogs, latest):
    """A model instance for one row, or a ValidationError that says what is wrong."""
    if not isinstance(row, dict):
        raise ValidationError("each row must be an object with named values")
    values = {}
    for column, field in kind.columns:
        # A column left out takes the model's default.
        if column in row:
            value = row[column]
            check_type(kind.model._meta.get_field(field), column, value)
            values[field] = "" if value is None and field == "note" else value
    if kind.catalog:
        column, field, model = kind.catalog
        name = row.get(column)
        if not isinstance(name, str) or name not in catalogs[model]:
            raise ValidationError(f"{column} {_shown(name)} is not in this app's catalog")
        values[field] = catalogs[model][name]
    obj = kind.model(user=user, **values)
    # A medicine of the patient's own that the file brings is saved just before its doses.
    unsaved = [kind.catalog[1]] if kind.catalog and values[kind.catalog[1]].pk is None else []
    obj.clean_fields(exclude=["user", "elemental_mg", *unsaved])
    day = getattr(obj, kind.date_field)
    if day > latest:
        raise ValidationError(f"{day} has not happened yet")
    # The fields' validators covered every range; the rules across fields are checked here
    # rather than by validate_constraints(), which would run a query per constraint per row.
    if isinstance(obj, MagnesiumDose):
        # Computed here, as a saved dose does, from the form's elemental fraction.
        obj.elemental_mg = magnesium.elemental_mg(
            obj.amount_mg,
            compound=obj.amount_basis == MagnesiumDose.Basis.COMPOUND,
            elemental_percent=obj.form.elemental_percent,
        )
        if obj.elemental_mg <= 0:
            raise ValidationError("amount_mg: less than 0.1 mg of magnesium")
    if isinstance(obj, ExerciseSession) and obj.repetitions_per_side and obj.breaths_per_minute:
        raise ValidationError("a session has repetitions or breaths per minute, not both")
    return obj


def _canonical(value):
    if isinstance(value, Decimal):
        return magnesium.plain_number(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _key(kind, obj):
    """What identifies a row for "already present": the day for an entry, else all its values."""
    if kind.one_per_date:
        return (getattr(obj, kind.date_field).isoformat(),)
    fields = [field for _, field in kind.columns]
    if kind.catalog:
        fields.append(f"{kind.catalog[1]}_id")
    return tuple(_canonical(getattr(obj, field)) for field in fields)


def plan_import(user, document):
    """Every row checked; what to add per kind, and how many were already there."""
    latest = last_accepted_day(user.profile.timezone)
    catalogs = {
        model: {item.name: item for item in model.objects.all()}
        for model in (MagnesiumForm, Exercise, Food, Habit, CoSupplement)
    }
    errors, to_add, skipped = [], {}, {}
    own = document.get("own_medicines", [])
    medicines, to_add["own_medicines"] = _medicines(user, own, errors)
    catalogs[Medicine] = medicines
    skipped["own_medicines"] = (len(own) if isinstance(own, list) else 0) - len(
        to_add["own_medicines"]
    )
    for kind in KINDS:
        rows = document.get(kind.name, [])
        if not isinstance(rows, list):
            errors.append(f"{kind.name}: expected a list of rows")
            continue
        if len(rows) > MAX_ROWS_PER_KIND:
            errors.append(f"{kind.name}: more than {MAX_ROWS_PER_KIND} rows")
            continue
        # Entries and habit marks are one per day (per habit); other rows may repeat.
        present = Counter(_key(kind, obj) for obj in kind.model.objects.filter(user=user))
        seen, adding = Counter(), []
        for number, row in enumerate(rows, start=1):
            try:
                obj = _instance(kind, user, row, catalogs, latest)
            except ValidationError as error:
                errors.append(f"{kind.name} row {number}: {_messages(error)}")
                continue
            except (TypeError, ValueError, ArithmeticError) as error:
                errors.append(f"{kind.name} row {number}: {error}")
                continue
            key = _key(kind, obj)
            seen[key] += 1
            if (kind.one_per_date or kind.model is HabitLog) and seen[key] > 1:
                errors.append(f"{kind.name} row {number}: the same day appears twice")
            elif seen[key] > present[key]:
                adding.append(obj)
        to_add[kind.name] = adding
        skipped[kind.name] = len(rows) - len(adding)
    if errors:
        raise ImportProblem(
            errors[:20] + ([f"… and {len(errors) - 20} more"] if len(errors) > 20 else [])
        )
    return to_add, skipped


def _medicines(user, rows, errors):
    """The medicines a file's doses may name (the catalog's, the account's own, and the
    file's own ones the account lacks), and those to add."""
    known = {m.name: m for m in Medicine.objects.catalog()}
    known |= {m.name: m for m in Medicine.objects.filter(owner=user)}
    lowered = {name.lower() for name in known}
    if not isinstance(rows, list):
        errors.append("own_medicines: expected a list of rows")
        return known, []
    adding = []
    for number, row in enumerate(rows[:MAX_ROWS_PER_KIND], start=1):
        try:
            medicine = _own_medicine(user, row)
        except ValidationError as error:
            errors.append(f"own_medicines row {number}: {_messages(error)}")
            continue
        if medicine.name.lower() in lowered:
            continue  # held already, in the catalog or the account's own list
        lowered.add(medicine.name.lower())
        known[medicine.name] = medicine
        adding.append(medicine)
    return known, adding


def _own_medicine(user, row):
    if not isinstance(row, dict):
        raise ValidationError("each row must be an object with named values")
    values = {}
    for name in OWN_MEDICINE_FIELDS:
        if name in row:
            check_type(Medicine._meta.get_field(name), name, row[name])
            values[name] = "" if row[name] is None and name == "strengths" else row[name]
    medicine = Medicine(owner=user, **values)
    medicine.clean_fields(exclude=["owner"])
    return medicine


def _messages(error):
    if hasattr(error, "message_dict"):
        text = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
    else:
        text = " ".join(error.messages)
    # Django's messages quote the value, which may be megabytes long.
    return text if len(text) <= 4 * MAX_SHOWN else text[: 4 * MAX_SHOWN - 1] + "…"


@transaction.atomic
def import_document(user, document):
    Profile.objects.lock(user)
    to_add, skipped = plan_import(user, document)
    profile_fields = _fill_profile(user.profile, document.get("profile"))
    try:
        # First the patient's own medicines, which the doses after them may name.
        Medicine.objects.bulk_create(to_add["own_medicines"])
        for kind in KINDS:
            kind.model.objects.bulk_create(to_add[kind.name])
        freshness.touch(user.pk)  # bulk inserts send no signals
    except IntegrityError:
        # Leaving this function rolls everything back: nothing is half-imported.
        raise ImportProblem(
            "The database refused a row of this file; nothing was imported."
        ) from None
    return ImportReport(
        added={name: len(rows) for name, rows in to_add.items()},
        skipped=skipped,
        profile_fields=profile_fields,
    )


PROFILE_DEFAULTS = {
    "recovery_start": None,
    "timezone": "UTC",
    "sex": "",
    "age_band": "",
    "kidney_condition": False,
}


def _fill_profile(profile, values):
    """Settings the account has not chosen yet are taken from the file; chosen ones stay."""
    if values is None:
        return []
    if not isinstance(values, dict):
        raise ImportProblem("profile: expected an object with named settings")
    answers = _fill_serious_causes(profile, values)
    filled = []
    for name in PROFILE_FIELDS:
        value, default = values.get(name), PROFILE_DEFAULTS[name]
        if getattr(profile, name) != default or value in (None, "", default):
            continue
        try:
            check_type(Profile._meta.get_field(name), name, value)
        except ValidationError as error:
            raise ImportProblem(f"profile {_messages(error)}") from None
        setattr(profile, name, value)
        filled.append(name)
    if not filled and not answers:
        return []
    try:
        profile.full_clean(exclude=["user"], validate_constraints=False)
    except ValidationError as error:
        raise ImportProblem(f"profile {_messages(error)}") from None
    latest = last_accepted_day(profile.timezone)
    if profile.recovery_start and profile.recovery_start > latest:
        raise ImportProblem(
            f"profile recovery_start: {profile.recovery_start} has not happened yet"
        )
    if answers:
        _check_answer_time(profile.serious_causes_answered_at)
    profile.save(update_fields=filled + answers)
    # What the import page lists as taken from the file.
    return filled + (["serious_causes"] if answers else [])


def _check_answer_time(answered_at):
    name = "profile serious_causes_answered_at"
    if timezone.is_naive(answered_at):
        raise ImportProblem(f"{name}: a time needs its offset, as in 2026-03-01T09:30:00Z")
    if answered_at > timezone.now():
        raise ImportProblem(f"{name}: {answered_at.isoformat()} has not happened yet")


def _fill_serious_causes(profile, values):
    """The file's serious-cause answers, when the account has given none yet. An export made
    before they were asked has none, and leaves them unanswered."""
    if profile.serious_causes_answered_at is not None:
        return []
    for name in SERIOUS_CAUSES:
        try:
            check_type(Profile._meta.get_field(name), name, values.get(name))
        except ValidationError as error:
            raise ImportProblem(f"profile {_messages(error)}") from None
    answered_at = values.get("serious_causes_answered_at")
    if answered_at is None:
        if any(values.get(name) is not None for name in SERIOUS_CAUSE_FIELDS):
            raise ImportProblem(
                "profile: serious-cause answers need serious_causes_answered_at, when they "
                "were given"
            )
        return []
    if any(values.get(name) is None for name in SERIOUS_CAUSE_FIELDS):
        raise ImportProblem(
            "profile: serious_causes_answered_at needs every serious-cause answer with it, "
            "true or false"
        )
    for name in SERIOUS_CAUSES:
        setattr(profile, name, values.get(name))
    # Checked, and the time read, by full_clean() in _fill_profile.
    return list(SERIOUS_CAUSES)
