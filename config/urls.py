from django.contrib import admin
from django.urls import include, path

from recovery.views.pages import favicon

urlpatterns = [
    path("admin/", admin.site.urls),
    # Pages name their icon, but browsers still ask for /favicon.ico (the admin's pages do).
    path("favicon.ico", favicon),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("recovery.urls")),
]
