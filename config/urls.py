from django.contrib import admin
from django.urls import include, path

from recovery.views.pages import favicon

urlpatterns = [
    path("admin/", admin.site.urls),
    # Pages name their icon, but browsers still ask for /favicon.ico (the admin's pages do).
    path("favicon.ico", favicon),
    # The app's own account views come first: they replace some of Django's below.
    path("", include("recovery.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
]
