import datetime

from django.urls import path, register_converter

from .days import FIRST_DAY
from .views import (
    account,
    app,
    auth,
    day,
    history,
    insights,
    medicines,
    pages,
    practice,
    reminders,
    sync,
    weekly_check,
)


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"
    # A page links to the day before and after its own, which must exist.
    last = datetime.date.max - datetime.timedelta(days=1)

    def to_python(self, value):
        # ValueError means the URL does not match, so 404: an impossible date (2026-02-30)
        # or one outside the app's calendar.
        date = datetime.date.fromisoformat(value)
        if not FIRST_DAY <= date <= self.last:
            raise ValueError(f"{value} is outside the calendar")
        return date

    def to_url(self, value):
        return value.isoformat()


register_converter(IsoDateConverter, "isodate")

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz/", pages.healthz, name="healthz"),
    path("manifest.webmanifest", app.manifest, name="manifest"),
    path("service-worker.js", app.service_worker, name="service_worker"),
    path("offline/", app.offline, name="offline"),
    path("accounts/logout/", auth.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", pages.signup, name="signup"),
    path("accounts/signup/questions/", pages.signup_questions, name="signup_questions"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/password_change/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/confirm-email/<str:token>/", auth.confirm_email, name="confirm_email"),
    path("settings/", pages.settings_view, name="settings"),
    path("reminders/", reminders.reminders_view, name="reminders"),
    path("reminders/stop/<str:token>/", reminders.unsubscribe, name="unsubscribe"),
    path("reminders/push/", reminders.push_subscribe, name="push_subscribe"),
    path("reminders/push/forget/", reminders.push_forget, name="push_forget"),
    path("reminders/devices/<int:pk>/remove/", reminders.remove_device, name="remove_device"),
    path("today/", day.today, name="today"),
    path("day/<isodate:date>/", day.day, name="day"),
    path("day/<isodate:date>/add/<slug:kind>/", day.add_item, name="add_item"),
    path("day/<isodate:date>/habits/", day.save_habits, name="save_habits"),
    path("day/<isodate:date>/repeat/<slug:kind>/", day.repeat, name="repeat"),
    path("item/<slug:kind>/<int:pk>/delete/", day.delete_item, name="delete_item"),
    path("item/restore/", day.restore_item, name="restore_item"),
    path("sync/", sync.send_changes, name="sync"),
    path("weekly-check/", weekly_check.weekly_check_view, name="weekly_check"),
    path("practice/", practice.practice_index, name="practice"),
    path("practice/breathe/<int:pk>/", practice.breathe, name="breathe"),
    path("practice/stretch/", practice.stretch, name="stretch"),
    path("history/", history.history_view, name="history"),
    path("insights/", insights.insights_view, name="insights"),
    path("medicines/", medicines.own_medicines, name="medicines"),
    path("medicines/<int:pk>/", medicines.own_medicine, name="medicine"),
    path("report/", account.clinician_report, name="report"),
    path("account/export/", account.export_data, name="export"),
    path("account/import/", account.import_data, name="import"),
    path("account/delete/", account.delete_account, name="delete_account"),
    path("account/deleted/", account.account_deleted, name="account_deleted"),
]
