"""The current request's id, kept per thread/task so the audit log can tie events to a request."""

from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")
