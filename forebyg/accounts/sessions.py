"""Session lifetime: when a session began, when it was last used, when its user last proved who
they are (for step-up), and "log out everywhere".

The times live in the session itself (seconds since the epoch), so the rules hold with any session
backend. "Log out everywhere" stores a moment on the user (User.sessions_ended_at): every session
that began before it ends on its next request. The user is read from the database on every
request anyway, so the check costs no query and no permission is ever cached across requests."""

import time
from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forebyg.audit import services as audit

STARTED_AT = "forebyg.session_started_at"
LAST_SEEN_AT = "forebyg.session_last_seen_at"
AUTHENTICATED_AT = "forebyg.authenticated_at"
# Refreshing the last-seen time on every request would write the session on every request;
# once a minute is precise enough for a 30-minute idle limit.
LAST_SEEN_RESOLUTION = 60


@receiver(user_logged_in, dispatch_uid="forebyg.accounts.sessions.start")
def start_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Every login (local, OIDC, and force_login in tests) starts the clocks of a new session."""
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[STARTED_AT] = now
    request.session[LAST_SEEN_AT] = now
    request.session[AUTHENTICATED_AT] = now


def mark_authenticated(request: HttpRequest) -> None:
    """The user just proved who they are again (step-up): a new session id and a fresh time."""
    request.session.cycle_key()
    request.session[AUTHENTICATED_AT] = time.time()


def authenticated_recently(request: HttpRequest, now: float | None = None) -> bool:
    """True when the user logged in or stepped up within FOREBYG_STEP_UP_SECONDS."""
    moment = time.time() if now is None else now
    at = request.session.get(AUTHENTICATED_AT)
    return isinstance(at, int | float) and 0 <= moment - at <= settings.FOREBYG_STEP_UP_SECONDS


def why_ended(request: HttpRequest, now: float | None = None) -> str:
    """Why the authenticated session of this request must end ("" while it may go on)."""
    moment = time.time() if now is None else now
    user = request.user
    started = request.session.get(STARTED_AT)
    last_seen = request.session.get(LAST_SEEN_AT, started)
    if not user.is_active:
        return "disabled"
    if not isinstance(started, int | float) or not isinstance(last_seen, int | float):
        return "unknown_start"  # a session from before these rules: treat it as expired
    ended_at = getattr(user, "sessions_ended_at", None)
    if ended_at is not None and started <= ended_at.timestamp():
        return "ended_everywhere"
    if moment - started > settings.FOREBYG_SESSION_ABSOLUTE_SECONDS:
        return "absolute_timeout"
    if moment - last_seen > settings.FOREBYG_SESSION_IDLE_SECONDS:
        return "idle_timeout"
    return ""


def touch(request: HttpRequest, now: float | None = None) -> None:
    """Note that the session is in use (at most once a minute, to spare session writes)."""
    moment = time.time() if now is None else now
    last_seen = request.session.get(LAST_SEEN_AT, 0)
    if not isinstance(last_seen, int | float) or moment - last_seen >= LAST_SEEN_RESOLUTION:
        request.session[LAST_SEEN_AT] = moment


def end_all_sessions(user: Any, *, by: Any) -> None:
    """End every session of `user` on its next request, and audit it."""
    with transaction.atomic():
        user.sessions_ended_at = timezone.now()
        user.save(update_fields=["sessions_ended_at"])
        audit.record(by, "user.sessions_ended", user, purpose="administration")


@admin.action(description=_("Log out everywhere (end every session of the chosen users)"))
def log_out_everywhere(modeladmin: Any, request: HttpRequest, queryset: QuerySet[Any]) -> None:
    """Admin action: end every session of the chosen users (an administrator's own included)."""
    users = list(queryset)
    for user in users:
        end_all_sessions(user, by=request.user)
    message = ngettext(
        "Every session of %(count)d user is ended.",
        "Every session of %(count)d users is ended.",
        len(users),
    ) % {"count": len(users)}
    modeladmin.message_user(request, message, messages.SUCCESS)
