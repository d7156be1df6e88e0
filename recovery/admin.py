from django.contrib import admin

from .models import Profile, TimelinePhase


@admin.register(TimelinePhase)
class TimelinePhaseAdmin(admin.ModelAdmin):
    list_display = ("name", "first_day", "last_day", "measure", "is_active")
    list_filter = ("measure", "is_active")
    search_fields = ("name", "expectation")


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "recovery_start", "timezone", "created_at")
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user",)
