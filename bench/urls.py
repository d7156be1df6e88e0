"""The app's URLs and one more for the benchmark: the smallest signed-in page, through the
same middleware and the same base template as every patient page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as app_urls


@login_required
def floor(request):
    return render(request, "base.html")


urlpatterns = [path("bench/floor/", floor), *app_urls]
