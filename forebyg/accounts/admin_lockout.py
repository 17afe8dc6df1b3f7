"""Lockouts (django-axes' failure counters) in our admin, for administrators: they can be read
and deleted (which unlocks), never added or changed; every unlock is audited."""

from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from forebyg.accounts.admin_site import AdministratorPermissionsMixin, admin_site
from forebyg.audit import services as audit


@admin.register(AccessAttempt, site=admin_site)
class LockoutAdmin(AdministratorPermissionsMixin, AccessAttemptAdmin):  # type: ignore[misc]
    actions: list[Any] = []  # axes' bulk clean-up would unlock without an audit event

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: AccessAttempt) -> None:
        with transaction.atomic():
            audit.record(
                request.user,
                "user.unlocked",
                obj,
                purpose="administration",
                before={"username": obj.username, "failures": obj.failures_since_start},
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        with transaction.atomic():
            for attempt in queryset:
                self.delete_model(request, attempt)
