"""What seems to go with the patient's pain: every comparison, in plain words."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string

from .. import freshness
from ..days import local_today
from ..insights import series
from ..insights.estimate import MIN_DAYS
from ..progress.dashboard import kept_insights


@login_required
def insights_view(request):
    profile = request.user.profile
    today = local_today(profile.timezone)
    body = freshness.kept_html(
        "insights-page",
        profile,
        (today,),
        lambda: render_body(kept_insights(request.user, profile, today)),
    )
    return render(request, "recovery/insights.html", {"body": body})


def render_body(insights):
    """Every comparison in words: nothing of the request in it, so it is kept as written
    until the patient's log changes (a three-year log shows some 85 of them)."""
    context = {
        "insights": insights,
        "days": insights.days,
        "min_days": MIN_DAYS,
        "outcomes": series.OUTCOMES,
    }
    return render_to_string("recovery/insights_body.html", context)
