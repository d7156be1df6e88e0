from decimal import InvalidOperation

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from import_export import resources, widgets
from import_export.admin import ImportExportModelAdmin
from import_export.forms import SelectableFieldsExportForm

from .email_confirmation import owner_of
from .forms import AdminLoginForm
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
    Routine,
    RoutineStep,
    TimelinePhase,
    WeeklyCheck,
)

admin.site.site_header = "Recovery Tracker administration"
admin.site.site_title = "Recovery Tracker admin"
admin.site.login_form = AdminLoginForm


class AccountChangeForm(UserChangeForm):
    def clean_email(self):
        # The database holds one account per address (case aside); say so before it refuses.
        email = self.cleaned_data["email"]
        if email and owner_of(email, besides=self.instance):
            raise forms.ValidationError("Another account has this email address.")
        return email


class AccountAdmin(UserAdmin):
    form = AccountChangeForm


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), AccountAdmin)


class ReadableNumberErrors:
    """Turns a non-number in a numeric CSV column into a row error a curator can read
    (the library raises a bare decimal error, which aborts the whole preview)."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (InvalidOperation, TypeError) as error:
            raise ValueError(f"“{value}” is not a number.") from error


class DecimalColumn(ReadableNumberErrors, widgets.DecimalWidget):
    pass


class IntegerColumn(ReadableNumberErrors, widgets.IntegerWidget):
    pass


class CatalogResource(resources.ModelResource):
    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DecimalField": DecimalColumn,
        "PositiveSmallIntegerField": IntegerColumn,
    }


def catalog_resource(catalog_model, *field_names):
    """A CSV layout for a catalog: rows are matched by name, so a file moves between databases."""

    class Meta:
        model = catalog_model
        fields = ("name", *field_names, "is_active")
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        # Runs the model's validation, constraints included, so a bad row is reported, not saved.
        clean_model_instances = True

    return type(f"{catalog_model.__name__}Resource", (CatalogResource,), {"Meta": Meta})


@admin.action(description="Make the selected items active", permissions=["change"])
def make_active(modeladmin, request, queryset):
    count = queryset.update(is_active=True)
    modeladmin.message_user(request, f"{count} made active: patients can pick them again.")


@admin.action(description="Make the selected items inactive", permissions=["change"])
def make_inactive(modeladmin, request, queryset):
    count = queryset.update(is_active=False)
    modeladmin.message_user(
        request, f"{count} made inactive: hidden from pickers, kept in patients' history."
    )


class CspSafeExportForm(SelectableFieldsExportForm):
    """The export page's "Select all" and styles come from files, as the
    Content-Security-Policy refuses inline ones (see templates/admin/import_export/)."""

    @property
    def media(self):
        return super().media + forms.Media(
            js=["js/admin_export.js"], css={"all": ["css/admin_export.css"]}
        )


class CatalogAdmin(ImportExportModelAdmin):
    export_form_class = CspSafeExportForm
    actions = [make_active, make_inactive]
    search_fields = ["name"]
    list_filter = ["is_active"]
    ordering = ["name"]


@admin.register(MagnesiumForm)
class MagnesiumFormAdmin(CatalogAdmin):
    resource_classes = [
        catalog_resource(
            MagnesiumForm, "elemental_percent", "absorption", "route", "laxative_prone", "note"
        )
    ]
    list_display = [
        "name",
        "elemental_percent",
        "absorption",
        "route",
        "laxative_prone",
        "is_active",
    ]
    list_filter = ["route", "absorption", "laxative_prone", "is_active"]


@admin.register(Exercise)
class ExerciseAdmin(CatalogAdmin):
    resource_classes = [
        catalog_resource(
            Exercise,
            "kind",
            "also_known_as",
            "default_minutes",
            "inhale_seconds",
            "exhale_seconds",
            "hold_in_seconds",
            "hold_out_seconds",
            "alternate_nostrils",
            "hold_seconds",
            "repetitions",
            "each_side",
            "instructions",
            "cautions",
        )
    ]
    list_display = ["name", "kind", "also_known_as", "default_minutes", "pace", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "also_known_as", "instructions"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "also_known_as", "default_minutes", "is_active"]}),
        ("What the patient reads", {"fields": ["instructions", "cautions"]}),
        (
            "The breathing pacer (breathing practices only)",
            {
                "fields": [
                    ("inhale_seconds", "hold_in_seconds"),
                    ("exhale_seconds", "hold_out_seconds"),
                    "alternate_nostrils",
                ]
            },
        ),
        (
            "The stretch player (stretches and poses only)",
            {"fields": ["hold_seconds", "repetitions", "each_side"]},
        ),
    ]

    @admin.display(description="breaths per minute")
    def pace(self, exercise):
        return exercise.breaths_per_minute or "–"


class RoutineStepInline(admin.TabularInline):
    model = RoutineStep
    fields = ["position", "exercise"]
    extra = 1


@admin.register(Routine)
class RoutineAdmin(CatalogAdmin):
    resource_classes = [catalog_resource(Routine, "description")]
    list_display = ["name", "description", "stretches", "is_active"]
    inlines = [RoutineStepInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("steps__exercise")

    @admin.display(description="stretches")
    def stretches(self, routine):
        return ", ".join(step.exercise.name for step in routine.steps.all())


class MedicineResource(catalog_resource(Medicine, "group", "route", "unit", "strengths")):
    def get_queryset(self):
        # Rows are matched by name among the catalog's alone: a file can never reach a
        # patient's own medicine of the same name.
        return Medicine.objects.catalog()


@admin.register(Medicine)
class MedicineAdmin(CatalogAdmin):
    """The catalog's medicines. Those patients added for themselves are their data and are
    not shown here."""

    resource_classes = [MedicineResource]
    list_display = ["name", "group", "route", "unit", "strengths", "is_active"]
    list_filter = ["group", "route", "is_active"]
    fields = ["name", "group", "route", "unit", "strengths", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).catalog()


@admin.register(Food)
class FoodAdmin(CatalogAdmin):
    resource_classes = [catalog_resource(Food, "group", "serving", "magnesium_mg", "source")]
    list_display = ["name", "group", "serving", "magnesium_mg", "source", "is_active"]
    list_filter = ["group", "is_active"]


@admin.register(Habit)
class HabitAdmin(CatalogAdmin):
    resource_classes = [catalog_resource(Habit, "description")]
    list_display = ["name", "description", "is_active"]


@admin.register(CoSupplement)
class CoSupplementAdmin(CatalogAdmin):
    resource_classes = [catalog_resource(CoSupplement, "purpose", "unit")]
    list_display = ["name", "purpose", "unit", "is_active"]


@admin.register(TimelinePhase)
class TimelinePhaseAdmin(CatalogAdmin):
    resource_classes = [
        catalog_resource(TimelinePhase, "first_day", "last_day", "measure", "expectation")
    ]
    list_display = ["name", "first_day", "last_day", "measure", "is_active"]
    list_filter = ["measure", "is_active"]
    ordering = ["first_day"]


class PatientDataAdmin(admin.ModelAdmin):
    """Patients' own records: visible to superusers for support, never edited here."""

    list_display = ["date", "user"]
    list_select_related = ["user"]
    date_hierarchy = "date"
    search_fields = ["user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Profile)
class ProfileAdmin(PatientDataAdmin):
    list_display = ["user", "recovery_start", "timezone", "kidney_condition", "created_at"]
    date_hierarchy = None


@admin.register(DailyEntry)
class DailyEntryAdmin(PatientDataAdmin):
    list_display = ["date", "user", "leg_pain", "back_pain", "muscle_tightness", "nerve_symptoms"]


@admin.register(MagnesiumDose)
class MagnesiumDoseAdmin(PatientDataAdmin):
    list_display = ["date", "user", "form", "amount_mg", "amount_basis", "elemental_mg"]
    list_select_related = ["user", "form"]


@admin.register(ExerciseSession)
class ExerciseSessionAdmin(PatientDataAdmin):
    list_display = ["date", "user", "exercise", "minutes"]
    list_select_related = ["user", "exercise"]


@admin.register(FoodLog)
class FoodLogAdmin(PatientDataAdmin):
    list_display = ["date", "user", "food", "servings"]
    list_select_related = ["user", "food"]


@admin.register(HabitLog)
class HabitLogAdmin(PatientDataAdmin):
    list_display = ["date", "user", "habit"]
    list_select_related = ["user", "habit"]


@admin.register(CoSupplementLog)
class CoSupplementLogAdmin(PatientDataAdmin):
    list_display = ["date", "user", "supplement", "amount"]
    list_select_related = ["user", "supplement"]


@admin.register(MedicineDose)
class MedicineDoseAdmin(PatientDataAdmin):
    list_display = ["date", "user", "medicine", "amount", "unit", "need"]
    list_select_related = ["user", "medicine"]


@admin.register(WeeklyCheck)
class WeeklyCheckAdmin(PatientDataAdmin):
    list_display = ["week", "user", "total", "skipped"]
    date_hierarchy = "week"
