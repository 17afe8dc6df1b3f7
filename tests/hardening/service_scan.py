"""The functions of the services modules that take text, dates or numbers: what a user typed
may reach them, so each is either called with hostile values (service_calls.CALLS) or excused."""

import importlib
import inspect
import pkgutil

from django.apps import apps

TYPED = ("str", "date", "int", "Decimal")


def _service_modules() -> list[str]:
    names = []
    for app in apps.get_app_configs():
        if not app.name.startswith("forebyg."):
            continue
        package = importlib.import_module(app.name)
        for module in pkgutil.walk_packages(package.__path__, f"{app.name}."):
            if ".services" in module.name and ".tests" not in module.name:
                names.append(module.name)
    return names


def _takes_typed_input(function: object) -> bool:
    parameters = inspect.signature(function).parameters.values()  # type: ignore[arg-type]
    return any(
        name != "by" and any(kind in str(p.annotation) for kind in TYPED)
        for name, p in ((p.name, p) for p in parameters)
    )


def services_taking_input() -> set[str]:
    """Dotted names of the public service functions with a text, date or number argument."""
    found = set()
    for name in _service_modules():
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if (
                not attribute.startswith("_")
                and inspect.isfunction(value)
                and value.__module__ == name
                and _takes_typed_input(value)
            ):
                found.add(f"{name}.{attribute}")
    return found


# Why a service with a text, date or number argument is not in service_calls.CALLS.
INTERNAL = "called by other code with values it made, never with what a user typed"
PURPOSE_ONLY = "its only text is a read's purpose, cleaned by clean_purpose as record_case_view's"
FORM_FIRST = "reached only through its form (test_forms.py) and its view (test_post_views.py)"
NEW_TODAY = "written in parallel today; reached through its forms and views here (add a call)"
EXCUSED: dict[str, str] = {
    "forebyg.accounts.mfa.services.confirm_enrollment": FORM_FIRST,
    "forebyg.accounts.mfa.services.normalise": FORM_FIRST,
    "forebyg.accounts.mfa.services.verify": FORM_FIRST,
    "forebyg.api.services.authenticate": "the bearer token; forebyg/api/tests try bad tokens",
    "forebyg.api.services.clean_scopes": INTERNAL,
    "forebyg.api.services.find_organisation": INTERNAL,
    "forebyg.api.services.hash_secret": INTERNAL,
    "forebyg.api.services.record_use": INTERNAL,
    "forebyg.api.services.split_token": INTERNAL,
    "forebyg.audit.services.record": INTERNAL,
    "forebyg.cases.services.access.record_attachment_download": PURPOSE_ONLY,
    "forebyg.cases.services.access.record_export": PURPOSE_ONLY,
    "forebyg.cases.services.access.record_person_view": PURPOSE_ONLY,
    "forebyg.cases.services.attachments.safe_name": INTERNAL,
    "forebyg.cases.services.attachments.store": INTERNAL,
    "forebyg.cases.services.common.clean_purpose": "called by every purpose service above",
    "forebyg.cases.services.common.lock_case": INTERNAL,
    "forebyg.cases.services.images.strip_metadata": INTERNAL,
    "forebyg.cases.services.intake.record_intake": "receive_concern's second half",
    "forebyg.cases.services.intake.validate_intake": "receive_concern's first half",
    "forebyg.cases.services.reads.described": INTERNAL,
    "forebyg.cases.services.reads.record_case_list": INTERNAL,
    "forebyg.cases.services.reads.record_own_reports_view": INTERNAL,
    "forebyg.cases.services.reads.record_search_results_view": INTERNAL,
    "forebyg.cases.services.status.classify_case": "choices and a version only: FORM_FIRST",
    "forebyg.cases.services.status.record_screening": "change_status's note rules, same code",
    "forebyg.conferences.services.export_pdf": PURPOSE_ONLY,
    "forebyg.exchange.services.propose_disclosure": "invite_partner's engine (called above)",
    "forebyg.exchange.services.record_ledger_export": FORM_FIRST,
    "forebyg.exchange.services.record_ledger_view": INTERNAL,
    "forebyg.national.services.record_export": INTERNAL,
    "forebyg.plans.exports.services.record_export": INTERNAL,
    "forebyg.plans.exports.services.record_overview_export": INTERNAL,
    "forebyg.plans.services.content.common.record": INTERNAL,
    "forebyg.plans.services.content.common.text": "the text rule of every plan service above",
    "forebyg.plans.services.content.common.valid_phone": "create_card's phone rule (above)",
    "forebyg.plans.services.content.matrix.add_actor": FORM_FIRST,
    "forebyg.plans.services.content.matrix.rename_task": "add_task's title rule (above)",
    "forebyg.plans.services.content.matrix.set_cells": FORM_FIRST,
    "forebyg.plans.services.versions.move_version": "a choice and a revision: FORM_FIRST",
    "forebyg.stats.services.record_statistics_export": INTERNAL,
    "forebyg.stats.services.record_statistics_view": INTERNAL,
    "forebyg.access_requests.services.answer_request": NEW_TODAY,
    "forebyg.access_requests.services.extend_deadline": NEW_TODAY,
    "forebyg.access_requests.services.generate_report": NEW_TODAY,
    "forebyg.access_requests.services.register_request": NEW_TODAY,
    "forebyg.access_requests.services.restrict_item": NEW_TODAY,
    "forebyg.retention.services.periods.clear_period": NEW_TODAY,
    "forebyg.retention.services.periods.set_period": NEW_TODAY,
    "forebyg.retention.services.runs.approve_run": NEW_TODAY,
    "forebyg.retention.services.runs.execute_run": NEW_TODAY,
    "forebyg.retention.services.runs.prepare_report": NEW_TODAY,
}
