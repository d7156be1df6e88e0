from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .. import history
from ..days import local_today
from ..magnesium import SUPPLEMENT_UPPER_LIMIT_MG

DAYS_PER_PAGE = 20


@login_required
def history_view(request):
    profile = request.user.profile
    today = local_today(profile.timezone)
    started = profile.recovery_start or history.first_logged_day(request.user)
    page = Paginator(history.day_summaries(request.user), DAYS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "recovery/history.html",
        {
            "page": page,
            "months": history.recent_months(request.user, today, started),
            "today": today,
            "upper_limit": SUPPLEMENT_UPPER_LIMIT_MG,
        },
    )
