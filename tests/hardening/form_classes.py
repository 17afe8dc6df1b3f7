"""Every form class of the project, found by importing the modules of the installed forebyg apps
that mention a form and walking the subclasses of Django's BaseForm: a new form is tested
without being listed anywhere."""

import functools
import importlib
import pkgutil
from pathlib import Path

from django import forms
from django.apps import apps

SKIPPED_MODULES = (".tests", ".migrations")


def _mentions_a_form(module: pkgutil.ModuleInfo) -> bool:
    """True for a module whose source names a form (only those are imported: a module of work
    in progress elsewhere in the tree is left alone)."""
    finder = module.module_finder
    base = Path(getattr(finder, "path", ""))
    leaf = module.name.rpartition(".")[2]
    source = base / leaf / "__init__.py" if module.ispkg else base / f"{leaf}.py"
    return source.exists() and "Form" in source.read_text(encoding="utf-8")


@functools.cache
def _import_form_modules() -> None:
    for app in apps.get_app_configs():
        if not app.name.startswith("forebyg."):
            continue
        package = importlib.import_module(app.name)
        for module in pkgutil.walk_packages(package.__path__, f"{app.name}."):
            if not any(part in module.name for part in SKIPPED_MODULES) and _mentions_a_form(
                module
            ):
                importlib.import_module(module.name)


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    subclasses: list[type] = cls.__subclasses__()
    for sub in subclasses:
        found |= {sub, *_subclasses(sub)}
    return found


def form_classes() -> list[type[forms.BaseForm]]:
    """The form classes defined in forebyg (not in its tests), by dotted name."""
    _import_form_modules()
    found = [
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.startswith("forebyg.") and ".tests" not in cls.__module__
    ]
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
