"""What seems to go with the patient's pain: every comparison, in plain words."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string

from .. import freshness, safety
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
        lambda: render_body(
            kept_insights(request.user, profile, today),
            # Part of the log, so kept with it: a save that changes it moves the version on.
            safety.red_flag_alert(safety.latest_red_flag_answers(request.user, today)),
        ),
    )
    return render(request, "recovery/insights.html", {"body": body})


def render_body(insights, red_flag_alert=None):
    """Every comparison in words: nothing of the request in it, so it is kept as written
    until the patient's log changes (a three-year log shows some 85 of them)."""
    context = {
        "insights": insights,
        "days": insights.days,
        "min_days": MIN_DAYS,
        "outcomes": series.OUTCOMES,
        "red_flag_alert": red_flag_alert,
    }
    return render_to_string("recovery/insights_body.html", context)
