"""The forms on a day's page: the day's entry and the items logged on it."""

import uuid
from decimal import Decimal

from django import forms
from django.db.models import OuterRef, Q, Subquery

from .. import daylog, freshness
from ..days import local_now, local_today
from ..magnesium import elemental_mg, plain_number
from ..models import (
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
)
from ..models.logs import (
    HIGHER_IS_BETTER,
    LEG_FIELDS,
    REACH_FIELDS,
    RED_FLAG_FIELDS,
    SCORE_FIELDS,
    SIDE_SYMPTOM_FIELDS,
    SIDES,
    PainReach,
)
from .widgets import PythonSelect

SCORE_QUESTIONS = {
    "leg_pain": ("Leg pain", "No pain", "Worst imaginable"),
    "back_pain": ("Back pain", "No pain", "Worst imaginable"),
    "muscle_tightness": ("Muscle tightness", "Loose, relaxed", "Rigid, in spasm"),
    "nerve_symptoms": ("Tingling, numbness or burning", "None", "Constant, severe"),
    "mobility": ("Moving and daily tasks", "Can barely move", "Moving freely"),
    "sleep_quality": ("Sleep last night", "Hardly slept", "Slept very well"),
}
# A single oral dose above this is far beyond any supplement: most likely a misread label.
ORAL_DOSE_SANITY_LIMIT_MG = Decimal(2000)
RECENT_EXERCISES = 4


def score_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )


def reach_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=PainReach.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )


class ValidatedByFields:
    """Skips Django's per-constraint queries when a form validates.

    Every CHECK constraint on these models has a field validator built from the same
    range (models/bounds.py), which has already run; the database still enforces each
    constraint when the row is written. Without this, saving a day ran one query (and a
    savepoint) per constraint.
    """

    def validate_constraints(self):
        pass


# Every check-in page says which warning signs it showed; pages from before that said nothing
# and showed these four (the fifth, new sexual problems, came with migration 0019).
SIGNS_ASKED = "signs_asked"
SIGNS_BEFORE_LIST = (
    "bladder_or_bowel_change",
    "saddle_numbness",
    "worsening_leg_weakness",
    "pain_in_both_legs",
)


class DailyEntryForm(ValidatedByFields, forms.ModelForm):
    hours_sitting = forms.DecimalField(
        label="Hours spent sitting",
        required=False,
        min_value=0,
        max_value=24,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    no_supplements = forms.BooleanField(required=False)
    # The warning signs' own "no": an unticked box says nothing, so that a patient who
    # leaves the page without ticking anything has not answered "no" to an emergency.
    no_warning_signs = forms.BooleanField(label="None of these", required=False)

    # Questions answered together: saving any of them answers the rest. An unticked leg box
    # is a "no" once the patient has touched its group (or saved the whole form); an unticked
    # warning sign is a "no" only beside a ticked one, or with "None of these".
    GROUPS = ((*RED_FLAG_FIELDS, "no_warning_signs"), LEG_FIELDS)
    NOT_SAVED = ("no_warning_signs",)  # the form's own, not the entry's

    class Meta:
        model = DailyEntry
        fields = [
            *SCORE_FIELDS,
            *LEG_FIELDS,
            "hours_sitting",
            *RED_FLAG_FIELDS,
            "no_supplements",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}

    def __init__(self, *args, has_doses=False, is_today=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_doses = has_doses  # or a function that finds out, asked only when it matters
        for name, (label, _, _) in SCORE_QUESTIONS.items():
            self.fields[name] = score_field(label)
        for name in REACH_FIELDS:
            self.fields[name] = reach_field(f"{name.rsplit('_', 1)[1].capitalize()} leg")
        for name in (*SIDE_SYMPTOM_FIELDS, *RED_FLAG_FIELDS):
            label = DailyEntry._meta.get_field(name).verbose_name
            self.fields[name] = forms.BooleanField(label=label.capitalize(), required=False)
        for side in SIDES:
            self.fields[f"numbness_{side}"].label = "Numbness or pins and needles"
            self.fields[f"weakness_{side}"].label = "Weakness"
        self.fields[
            "no_supplements"
        ].label = f"I took no supplements {'today' if is_today else 'on this day'}"
        self.fields["note"].label = "Note"
        self.fields["note"].help_text = "Anything worth remembering: triggers, treatments, mood."
        entry = self.instance
        self.initial.setdefault(
            "no_warning_signs", all(getattr(entry, name) is False for name in RED_FLAG_FIELDS)
        )

    def clean(self):
        cleaned = super().clean()
        asked = [name for name in RED_FLAG_FIELDS if name not in self.unasked()]
        # A ticked sign wins over "None of these": the emergency advice must never be lost.
        if not any(cleaned.get(name) for name in asked):
            answer = False if cleaned.get("no_warning_signs") else None
            cleaned |= dict.fromkeys(asked, answer)
        return cleaned

    @classmethod
    def for_day(cls, user, date, data):
        """The form bound to `data` for a patient's day, over its entry if it has one."""
        existing = DailyEntry.objects.filter(user=user, date=date).first()
        return cls(
            data,
            instance=existing or DailyEntry(user=user, date=date),
            # Asked only of a tick on "no supplements": most saves are a score, and need not.
            has_doses=lambda: daylog.has_doses(user, date),
            is_today=date == local_today(user.profile.timezone),
        )

    def changed_answers(self, changed):
        """The answers a change to the fields `changed` writes, cleaned, and the errors
        among them: an autosave from the page and a change queued on a device alike."""
        names = self.fields_to_save(changed)
        self.is_valid()
        errors = {name: self.errors[name] for name in names if name in self.errors}
        if errors:
            return {}, errors
        return {name: self.cleaned_data[name] for name in names}, {}

    def fields_to_save(self, changed):
        """The entry's fields an autosave of `changed` writes: those, and the rest of their
        groups that the page showed."""
        names = {name for name in changed if name in self.fields}
        for group in self.GROUPS:
            if names & set(group):
                names |= set(group)
        left_out = self.not_saved()
        return [name for name in self.fields if name in names and name not in left_out]

    def unasked(self):
        """The warning signs the page that sent this did not show. Its list of signs comes
        with every save (SIGNS_ASKED); a page kept from before the list (offline, or open
        for days) showed the signs of then, and an unticked box it never had must not answer
        a question it never asked as "no"."""
        if not self.is_bound:
            return set()
        listed = self.data.get(SIGNS_ASKED)
        asked = set(listed.split(",")) if isinstance(listed, str) else set(SIGNS_BEFORE_LIST)
        ticked = {name for name in RED_FLAG_FIELDS if self.add_prefix(name) in self.data}
        return set(RED_FLAG_FIELDS) - asked - ticked

    def answers_to_save(self):
        """A full save's answers: every field but the warning signs the page did not show."""
        left_out = self.not_saved()
        return {name: value for name, value in self.cleaned_data.items() if name not in left_out}

    def not_saved(self):
        """The form's fields no save writes: its own "None of these", and the signs unasked."""
        return self.unasked() | set(self.NOT_SAVED)

    def signs_asked(self):
        return ",".join(RED_FLAG_FIELDS)

    def clean_no_supplements(self):
        no_supplements = self.cleaned_data["no_supplements"]
        if no_supplements and self.day_has_doses():
            raise forms.ValidationError(
                "Supplements are logged for this day. Remove them first, or untick this box."
            )
        return no_supplements

    def day_has_doses(self):
        return self.has_doses() if callable(self.has_doses) else self.has_doses

    def score_rows(self):
        """Per score: its field, the words at 0 and at 10, and which end is the good one."""
        return [
            (self[name], low, high, name in HIGHER_IS_BETTER)
            for name, (_, low, high) in SCORE_QUESTIONS.items()
        ]

    def red_flag_fields(self):
        return [self[name] for name in RED_FLAG_FIELDS]

    def legs(self):
        return [
            (self[f"pain_reach_{side}"], (self[f"numbness_{side}"], self[f"weakness_{side}"]))
            for side in SIDES
        ]


class DayItemForm(ValidatedByFields, forms.ModelForm):
    """A form for something logged on one patient's day."""

    # What a new item copies from the patient's latest one of its kind (on or before its
    # day), when that item's catalog entry is still offered.
    suggested_fields = ()

    # A one-time key for this form: sent twice (a double tap, a retry), it adds one item.
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, date, latest=None, **kwargs):
        kwargs.setdefault("instance", self._meta.model(user=user, date=date))
        kwargs.setdefault("prefix", self.prefix_name)
        super().__init__(*args, **kwargs)
        self.user, self.date = user, date
        if not self.is_bound:
            self.initial["key"] = uuid.uuid4()
        catalog = self.suggested_fields[0] if self.suggested_fields else None
        if latest is not None and getattr(latest, catalog).is_active:
            self.prefill(**{name: _suggested(latest, name) for name in self.suggested_fields})

    def save(self, commit=True):
        self.instance.client_key = self.cleaned_data.get("key")
        return super().save(commit=commit)

    def prefill(self, **values):
        """Suggests values for fields a new item leaves empty (the instance's own come first)."""
        for name, value in values.items():
            if self.initial.get(name) in (None, "") and value is not None:
                self.initial[name] = value


def _suggested(item, name):
    value = getattr(item, f"{name}_id", None) or getattr(item, name)
    return plain_number(value) if isinstance(value, Decimal) else value


def grouped_choices(items, group_of):
    groups = {}
    for item in items:
        groups.setdefault(group_of(item), []).append((item.pk, str(item)))
    return [("", "Choose…"), *groups.items()]


class DoseForm(DayItemForm):
    prefix_name = "dose"

    class Meta:
        model = MagnesiumDose
        fields = ["form", "amount_mg", "amount_basis", "time"]
        labels = {"form": "Magnesium form", "amount_mg": "Amount (mg)"}
        widgets = {
            "form": PythonSelect,
            "amount_basis": forms.RadioSelect,
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "amount_mg": forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
        }
        help_texts = {"time": "The guide says evening doses support relaxation and sleep."}

    suggested_fields = ("form", "amount_mg", "amount_basis", "time")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = MagnesiumForm.objects.active()
        self.fields["form"].empty_label = "Choose…"
        self.fields["amount_basis"].choices = [
            ("elemental", "Elemental magnesium (what most labels state)"),
            ("compound", "Weight of the whole compound"),
        ]
        self.fields["time"].required = False
        self.prefill(amount_basis="elemental")
        if not self.is_bound:
            # Today's dose is most likely being logged as it is taken: now, not the evening
            # (a morning dose was saved at 20:00 unless edited). A past day keeps the time
            # of the latest dose, or none.
            tz = self.user.profile.timezone
            if self.date == local_today(tz):
                self.initial["time"] = local_now(tz).time().replace(second=0, microsecond=0)

    def clean(self):
        cleaned = super().clean()
        form, amount = cleaned.get("form"), cleaned.get("amount_mg")
        if not (form and amount):
            return cleaned
        elemental = elemental_mg(
            amount,
            compound=cleaned.get("amount_basis") == "compound",
            elemental_percent=form.elemental_percent,
        )
        if elemental <= 0:
            self.add_error(
                "amount_mg", "That is less than 0.1 mg of magnesium: check the amount and its unit."
            )
        elif form.counts_toward_limit and elemental > ORAL_DOSE_SANITY_LIMIT_MG:
            self.add_error(
                "amount_mg",
                f"That is {elemental:,} mg of magnesium in one dose, far above any "
                "supplement. Check the label's unit (mg, not µg) and whether it states "
                "elemental magnesium or the whole compound.",
            )
        return cleaned


class ExerciseSelect(PythonSelect):
    """Tells the page's script each option's kind, so it can show the fields that fit."""

    kinds = {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        kind = self.kinds.get(str(value))
        if kind:
            option["attrs"]["data-kind"] = kind
        return option


class SessionForm(DayItemForm):
    prefix_name = "session"
    suggested_fields = ("exercise", "minutes", "repetitions_per_side", "breaths_per_minute")

    class Meta:
        model = ExerciseSession
        fields = [
            "exercise",
            "minutes",
            "repetitions_per_side",
            "breaths_per_minute",
            "pain_during",
        ]
        labels = {
            "repetitions_per_side": "Repetitions per side",
            "pain_during": "Pain during it (0–10)",
        }
        widgets = {"exercise": ExerciseSelect}
        help_texts = {
            "minutes": "Leave blank for the usual length.",
            "repetitions_per_side": "Stretches and poses only.",
            "breaths_per_minute": "Breathing practices only; blank for its usual pace.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each exercise's last use by this patient, read from their own sessions only (an
        # aggregate over the join would read every patient's sessions).
        last_used = (
            ExerciseSession.objects.filter(user=self.user, exercise=OuterRef("pk"))
            .order_by("-date")
            .values("date")[:1]
        )
        exercises = list(
            Exercise.objects.active().annotate(last_used=Subquery(last_used)).order_by("name")
        )
        recent = sorted(
            (e for e in exercises if e.last_used), key=lambda e: e.last_used, reverse=True
        )[:RECENT_EXERCISES]

        def group(exercise):
            if exercise in recent:
                return "Recently done"
            return "Breathing" if exercise.is_breathing else "Stretches and yoga"

        field = self.fields["exercise"]
        field.queryset = Exercise.objects.active()
        field.choices = grouped_choices(recent + [e for e in exercises if e not in recent], group)
        field.widget.kinds = {str(e.pk): e.kind for e in exercises}
        self.exercises = exercises  # for the page's guide to each exercise
        self.fields["minutes"].required = False
        for name in ("minutes", "repetitions_per_side", "breaths_per_minute", "pain_during"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"

    def clean(self):
        cleaned = super().clean()
        exercise = cleaned.get("exercise")
        if not exercise:
            return cleaned
        if cleaned.get("minutes") is None and "minutes" not in self.errors:
            cleaned["minutes"] = exercise.default_minutes
        if exercise.is_breathing:
            if cleaned.get("repetitions_per_side"):
                self.add_error(
                    "repetitions_per_side",
                    "Repetitions are for stretches; for breathing, give breaths per minute.",
                )
            if (
                cleaned.get("breaths_per_minute") is None
                and "breaths_per_minute" not in self.errors
            ):
                cleaned["breaths_per_minute"] = exercise.breaths_per_minute
        elif cleaned.get("breaths_per_minute") is not None:
            self.add_error(
                "breaths_per_minute", f"{exercise} is a stretch: breaths per minute do not apply."
            )
        return cleaned


class FoodForm(DayItemForm):
    prefix_name = "food"

    suggested_fields = ("food", "servings")

    class Meta:
        model = FoodLog
        fields = ["food", "servings"]
        widgets = {
            "food": PythonSelect,
            "servings": forms.NumberInput(
                attrs={"step": "0.25", "min": "0.25", "inputmode": "decimal"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        foods = Food.objects.active().order_by("group", "name")
        field = self.fields["food"]
        field.queryset = Food.objects.active()
        field.choices = grouped_choices(foods, lambda food: Food.Group(food.group).label)
        field.label_from_instance = lambda food: f"{food.name} ({food.serving})"


class CoSupplementForm(DayItemForm):
    prefix_name = "supplement"

    suggested_fields = ("supplement", "amount")

    class Meta:
        model = CoSupplementLog
        fields = ["supplement", "amount"]
        labels = {"supplement": "Other supplement", "amount": "Amount (optional)"}
        widgets = {
            "supplement": PythonSelect,
            "amount": forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["supplement"]
        field.queryset = CoSupplement.objects.active()
        field.empty_label = "Choose…"
        field.label_from_instance = lambda item: f"{item.name} ({item.unit})"


class MedicineSelect(PythonSelect):
    """Tells the page's script each medicine's unit, and the patient's last dose of it, so
    that picking a medicine fills in its own unit and the dose they took last time."""

    units = {}
    last = {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        unit = self.units.get(str(value))
        if unit:
            option["attrs"]["data-unit"] = unit
        amount, unit_taken, need = self.last.get(str(value), (None, None, None))
        if amount is not None:
            option["attrs"] |= {
                "data-last-amount": plain_number(amount),
                "data-last-unit": unit_taken,
                "data-last-need": need,
            }
        return option


class MedicineDoseForm(DayItemForm):
    """A medicine taken: from the catalog or the patient's own list, or one typed in, which
    joins their own list (private to them). Records only: no dose is ever suggested as
    right. Nothing is chosen in advance (a second dose of yesterday's medicine is one tap
    from a mistake); picking one fills in the patient's own last dose of it."""

    prefix_name = "medicine"
    new_medicine = forms.CharField(
        label="Not on the list? Its name",
        required=False,
        max_length=80,
        help_text="It joins your own list; nobody else sees it.",
    )
    field_order = ["medicine", "new_medicine", "amount", "unit", "need", "time"]

    class Meta:
        model = MedicineDose
        fields = ["medicine", "amount", "unit", "need", "time"]
        labels = {"amount": "Amount", "unit": "Unit", "need": "As needed, or on a schedule?"}
        widgets = {
            "medicine": MedicineSelect,
            "unit": PythonSelect,
            "need": forms.RadioSelect,
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "amount": forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
        }
        help_texts = {
            "unit": "Filled in from the medicine; change it if your dose is written in another."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The patient's last dose of each medicine, read in the same query as the list.
        theirs = MedicineDose.objects.filter(user=self.user, medicine=OuterRef("pk"))
        theirs = theirs.order_by("-date", "-pk")
        medicines = list(
            Medicine.objects.for_patient(self.user)
            .annotate(
                last_amount=Subquery(theirs.values("amount")[:1]),
                last_unit=Subquery(theirs.values("unit")[:1]),
                last_need=Subquery(theirs.values("need")[:1]),
            )
            .order_by("name")
        )
        field = self.fields["medicine"]
        field.required = False
        field.queryset = Medicine.objects.for_patient(self.user)
        field.choices = grouped_choices(
            sorted(medicines, key=lambda m: (not m.is_own, m.group, m.name)),
            lambda m: "Your own" if m.is_own else Medicine.Group(m.group).label,
        )
        field.widget.units = {str(m.pk): m.unit for m in medicines}
        field.widget.last = {
            str(m.pk): (m.last_amount, m.last_unit, m.last_need) for m in medicines
        }
        self.fields["unit"].required = False
        self.fields["unit"].choices = [("", "Its usual unit"), *Medicine.Unit.choices]
        self.fields["need"].choices = [
            ("as_needed", "As needed (when the pain calls for it)"),
            ("scheduled", "On a schedule (regular doses)"),
        ]
        self.fields["time"].required = False

    def clean_new_medicine(self):
        return " ".join(self.cleaned_data["new_medicine"].split())

    def clean(self):
        cleaned = super().clean()
        medicine, new = cleaned.get("medicine"), cleaned.get("new_medicine")
        if medicine and new:
            self.add_error("new_medicine", "Choose from the list or type a name, not both.")
        elif not medicine and not new and "medicine" not in self.errors:
            self.add_error("medicine", "Choose a medicine, or type the name of one not listed.")
        elif new:
            # A name the patient can already pick is that medicine, however it is written.
            known = Medicine.objects.for_patient(self.user).filter(name__iexact=new).first()
            cleaned["medicine"] = self.instance.medicine = known
        if not cleaned.get("unit"):
            if cleaned.get("medicine"):
                cleaned["unit"] = self.instance.unit = cleaned["medicine"].unit
            elif new:
                self.add_error("unit", "Choose the unit of a dose of this medicine.")
        return cleaned

    def save(self, commit=True):
        if self.instance.medicine_id is None:
            self.instance.medicine = own_medicine(
                self.user, self.cleaned_data["new_medicine"], self.cleaned_data["unit"]
            )
        return super().save(commit=commit)


def own_medicine(user, name, unit):
    """The patient's own medicine of this name (any case), made if it is new."""
    found = Medicine.objects.filter(owner=user, name__iexact=name).first()
    if found is None:
        found = Medicine.objects.create(
            owner=user, name=name, unit=unit, group=Medicine.Group.OTHER
        )
    if not found.is_active:  # hidden from the list before; taken again now
        Medicine.objects.filter(pk=found.pk).update(is_active=True)
    return found


class CheckedIdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids that are not whole numbers in the database's range before querying:
    Django's `pk__in` lookup passes them on, and SQLite overflows on a huge one."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not text.isascii() or not text.isdigit() or int(text) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class HabitsForm(forms.Form):
    prefix = "habits"

    habits = CheckedIdsMultipleChoiceField(
        label="Anything today from the guide's list of what can worsen sciatica?",
        queryset=Habit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, date, logged_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.date = user, date
        self.logged_ids = set(logged_ids)
        # A habit taken out of the catalog stays here while it is ticked, so it can be unticked.
        self.fields["habits"].queryset = Habit.objects.filter(
            Q(is_active=True) | Q(pk__in=logged_ids)
        )
        self.fields["habits"].label_from_instance = lambda habit: habit.name
        if not self.is_bound:
            self.initial["habits"] = list(logged_ids)

    def save(self):
        chosen = {habit.pk for habit in self.cleaned_data["habits"]}
        logs = HabitLog.objects.filter(user=self.user, date=self.date)
        logs.exclude(habit_id__in=chosen).delete()
        present = set(logs.values_list("habit_id", flat=True))
        HabitLog.objects.bulk_create(
            [HabitLog(user=self.user, date=self.date, habit_id=pk) for pk in chosen - present],
            ignore_conflicts=True,
        )
        freshness.touch(self.user.pk)  # bulk inserts send no signals


ITEM_FORMS = {
    form.prefix_name: form
    for form in (DoseForm, SessionForm, FoodForm, MedicineDoseForm, CoSupplementForm)
}
