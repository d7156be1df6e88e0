"""What seems to go with the patient's pain: every comparison, in plain words."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..dashboard import kept_insights
from ..days import local_today
from ..insights import series
from ..insights.estimate import MIN_DAYS


@login_required
def insights_view(request):
    profile = request.user.profile
    today = local_today(profile.timezone)
    insights = kept_insights(request.user, profile, today)
    context = {
        "insights": insights,
        "days": insights.days,
        "min_days": MIN_DAYS,
        "outcomes": series.OUTCOMES,
    }
    return render(request, "recovery/insights.html", context)
