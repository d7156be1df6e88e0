import datetime

from django.urls import path, register_converter

from .views import account, day, history, pages


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        # An impossible date (2026-02-30) raises ValueError: the URL does not match, so 404.
        return datetime.date.fromisoformat(value)

    def to_url(self, value):
        return value.isoformat()


register_converter(IsoDateConverter, "isodate")

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz/", pages.healthz, name="healthz"),
    path("accounts/signup/", pages.signup, name="signup"),
    path("settings/", pages.settings_view, name="settings"),
    path("today/", day.today, name="today"),
    path("day/<isodate:date>/", day.day, name="day"),
    path("day/<isodate:date>/add/<slug:kind>/", day.add_item, name="add_item"),
    path("day/<isodate:date>/habits/", day.save_habits, name="save_habits"),
    path(
        "day/<isodate:date>/repeat-supplements/", day.repeat_supplements, name="repeat_supplements"
    ),
    path("item/<slug:kind>/<int:pk>/delete/", day.delete_item, name="delete_item"),
    path("history/", history.history_view, name="history"),
    path("report/", account.clinician_report, name="report"),
    path("account/export/", account.export_data, name="export"),
    path("account/import/", account.import_data, name="import"),
    path("account/delete/", account.delete_account, name="delete_account"),
    path("account/deleted/", account.account_deleted, name="account_deleted"),
]
