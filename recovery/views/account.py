"""The patient's own data: export, import, a clinician report, and deleting the account."""

import datetime

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from .. import freshness, portability, safety, serious_causes
from ..days import local_today
from ..forms import DeleteAccountForm, ExportForm, ImportForm, ReportRangeForm
from ..progress import change, report
from .auth import forget_this_device

REPORT_DEFAULT_DAYS = 30


def download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_data(request):
    form = ExportForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        stamp = local_today(request.user.profile.timezone).isoformat()
        if form.cleaned_data["format"] == "csv":
            return download(
                portability.export_csv_zip(request.user),
                f"recovery-log-{stamp}.zip",
                "application/zip",
            )
        return download(
            portability.export_json(request.user),
            f"recovery-log-{stamp}.json",
            "application/json; charset=utf-8",
        )
    return render(request, "recovery/account/export.html", {"form": form})


@login_required
def import_data(request):
    form = ImportForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            document = portability.read_document(form.cleaned_data["file"].read())
            result = portability.import_document(request.user, document)
        except portability.ImportProblem as problem:
            for error in problem.errors:
                form.add_error("file", error)
        else:
            return render(request, "recovery/account/imported.html", {"result": result})
    return render(request, "recovery/account/import.html", {"form": form})


@login_required
def delete_account(request):
    user = request.user
    form = DeleteAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic(), freshness.leaving([user.pk]):
            removed, _ = user.delete()
        logout(request)
        messages.success(
            request, f"Your account and everything you logged ({removed} records) are deleted."
        )
        return forget_this_device(redirect("account_deleted"))
    return render(request, "recovery/account/delete.html", {"form": form})


def account_deleted(request):
    return render(request, "recovery/account/deleted.html")


@login_required
def clinician_report(request):
    today = local_today(request.user.profile.timezone)
    default = {"first": today - datetime.timedelta(days=REPORT_DEFAULT_DAYS - 1), "last": today}
    form = ReportRangeForm(request.GET or None, initial=default, today=today)
    first, last = default["first"], default["last"]
    if request.GET and form.is_valid():
        first, last = form.cleaned_data["first"], min(form.cleaned_data["last"], today)
    context = {
        "form": form,
        "today": today,
        "meaning": change.MEANING,
        "red_flag_alert": safety.red_flag_alert(
            safety.latest_red_flag_answers(request.user, today)
        ),
        # For recovery/includes/serious_causes_notice.html: the clinician sees it too.
        "serious_causes_notice": serious_causes.notice(request.user.profile),
        "serious_causes_unanswered": serious_causes.unanswered(request.user.profile),
    }
    if not request.GET or form.is_valid():
        context["report"] = report.build(request.user, request.user.profile, first, last)
    return render(request, "recovery/account/report.html", context)
