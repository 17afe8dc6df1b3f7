"""Personal data is read through an access layer that needs the user: a check that fails on a
bare query (`Model.objects`, `Model._default_manager`) of a personal-data model outside the
modules allowed to make one. The scan reads the source with `ast` (not tests, not migrations)."""

import ast
from fnmatch import fnmatch
from pathlib import Path

from forebyg.cases.models import (
    Assessment,
    Attachment,
    Case,
    CaseMeasure,
    Concern,
    MeasureReview,
    Observation,
    Person,
    StatusChange,
)
from forebyg.conferences.models import (
    AgendaItem,
    AuthorityDecision,
    Conference,
    Minutes,
    Participant,
    ParticipantClearance,
)
from forebyg.exchange.models import Consent, DisclosureRecord, PartnerInvitation

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "forebyg"

# Imported, not spelled out: a renamed model fails here instead of slipping out of the check.
PERSONAL_MODELS = frozenset(
    model.__name__
    for model in (
        Person,
        Case,
        Concern,
        Attachment,
        Assessment,
        Observation,
        CaseMeasure,
        MeasureReview,
        StatusChange,
        DisclosureRecord,
        Consent,
        PartnerInvitation,
        Conference,
        Participant,
        AgendaItem,
        ParticipantClearance,
        Minutes,
        AuthorityDecision,
    )
)
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})

# Modules that may query those models directly (glob patterns relative to the repository).
ALLOWED: dict[str, str] = {
    "forebyg/*/permissions.py": "the access layer itself: fetchers and filters that take the user",
    "forebyg/*/selectors.py": "scoped reads: every selector takes the user and applies the "
    "permissions module's filter",
    "forebyg/*/services.py": "writes on objects the view fetched through permissions; the "
    "service checks the user again and audits in the same transaction",
    "forebyg/*/services/*.py": "as services.py, split into a package",
    "forebyg/exchange/invitations.py": "the partner invitations' services and fetchers "
    "(get_invitation_for_*, filtered by case_filter or the partner's organisations)",
    "forebyg/exchange/known_elsewhere.py": "the known-elsewhere check searches every case by the "
    "blind CPR index by design and answers only yes/no (rate limited, audited)",
    "forebyg/cases/breakglass.py": "break-glass looks up an out-of-scope case by reference by "
    "design: written reason, limited time, audited, the DPO told",
    "forebyg/stats/extract.py": "the statistics extract: aggregate counts for one scope, "
    "suppressed before display",
    "forebyg/plans/figures.py": "aggregate counts of concerns and cases for a plan's indicators; "
    "no row leaves the module",
    "forebyg/*/management/commands/*.py": "operators' commands (reference data, key rotation, "
    "retention); run on the server, not reachable from a request",
    "forebyg/*/admin.py": "the admin, behind the administrator gate (which shows no case content)",
}

# Views that query personal data themselves, outside the access layer. Each is scoped some other
# way; the lead decides whether to move the query into a selector that takes the caller.
KNOWN_OFFENDERS: dict[str, str] = {}


def _model_name(node: ast.expr) -> str | None:
    """`Case` in `Case.objects` or `models.Case.objects`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _empty_queryset(parents: dict[ast.AST, ast.AST], node: ast.Attribute) -> bool:
    """`Model.objects.none()` reads nothing (a form field's starting queryset)."""
    parent = parents.get(node)
    return (
        isinstance(parent, ast.Attribute)
        and parent.attr == "none"
        and isinstance(parents.get(parent), ast.Call)
    )


def bare_queries(source: str) -> list[tuple[int, str]]:
    """(line, model) of every `<PersonalModel>.objects` in `source`."""
    tree = ast.parse(source)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            model = _model_name(node.value)
            if model in PERSONAL_MODELS and not _empty_queryset(parents, node):
                found.append((node.lineno, model))
    return found


def _scanned_files() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts)
    )


def _allowed(relative: str) -> bool:
    return any(fnmatch(relative, pattern) for pattern in (*ALLOWED, *KNOWN_OFFENDERS))


def _offences() -> dict[str, list[tuple[int, str]]]:
    found = {}
    for path in _scanned_files():
        relative = path.relative_to(ROOT).as_posix()
        queries = bare_queries(path.read_text(encoding="utf-8"))
        if queries:
            found[relative] = queries
    return found


def test_personal_data_is_queried_only_in_the_allowed_modules():
    offenders = {path: lines for path, lines in _offences().items() if not _allowed(path)}

    assert offenders == {}, "query through permissions/selectors (…for_user(user)) instead"


def test_every_known_offender_still_offends():
    # A fixed offender leaves the list, so the list cannot hide a new query in the same file.
    offences = _offences()

    assert sorted(path for path in KNOWN_OFFENDERS if path not in offences) == []


def test_every_allowed_pattern_matches_a_module():
    relatives = [path.relative_to(ROOT).as_posix() for path in _scanned_files()]

    assert [p for p in ALLOWED if not any(fnmatch(r, p) for r in relatives)] == []


def test_the_check_finds_the_forms_of_a_bare_query():
    source = (
        "Case.objects.filter(pk=1)\n"
        "models.Person._default_manager.all()\n"
        "Consent.objects.none()\n"
        "Organisation.objects.all()\n"
        "case.assessments.all()\n"
    )

    assert bare_queries(source) == [(1, "Case"), (2, "Person")]
