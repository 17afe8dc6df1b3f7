"""Demo data of this app for `manage.py load_demo` (idempotent)."""


def load() -> list[str]:
    """Create what is missing; return one line per thing created, for the command's output."""
    return []
