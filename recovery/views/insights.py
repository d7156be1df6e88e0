"""What seems to go with the patient's pain: every comparison, in plain words."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..days import local_today
from ..insights import findings, series
from ..insights.estimate import MIN_DAYS


@login_required
def insights_view(request):
    today = local_today(request.user.profile.timezone)
    table = series.load(request.user, today)
    insights = findings.analyse(table)
    context = {
        "insights": insights,
        "days": len(table.dates),
        "min_days": MIN_DAYS,
        "outcomes": series.OUTCOMES,
    }
    return render(request, "recovery/insights.html", context)
