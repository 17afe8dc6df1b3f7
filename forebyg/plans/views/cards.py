"""Pages of a version's action cards: the list, the form, the card as a page and as a one-page
PDF, and the public card of the version currently published (no login)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forebyg.accounts.models import User
from forebyg.accounts.stepup import step_up_needed
from forebyg.cases.views.common import acting_user
from forebyg.core.exports import request_stamp
from forebyg.plans import cards_pdf, permissions
from forebyg.plans.exports import services as export_services
from forebyg.plans.forms import content as forms
from forebyg.plans.models import ActionCard, CardContact, PlanVersion
from forebyg.plans.services import content as services
from forebyg.plans.views.content import GET_OR_POST, change_fetch, locked, page_context
from forebyg.plans.views.exports import version_details
from forebyg.plans.workflow import VersionStatus
from forebyg.prevention.models import WarningSign


def cards_of(version: PlanVersion) -> QuerySet[ActionCard]:
    """The version's cards with their contacts and signs, in a fixed number of queries."""
    return version.action_cards.prefetch_related(
        Prefetch("contacts", queryset=CardContact.objects.select_related("organisation")),
        Prefetch("warning_signs", queryset=WarningSign.objects.order_by("group", "id")),
    )


def _card_for_view(user: User, pk: int) -> ActionCard:
    """A card of a plan `user` may read, else 404."""
    card = cards_of_any().filter(pk=pk, version__plan__in=permissions.visible_plans(user)).first()
    if card is None:
        raise Http404
    return card


def cards_of_any() -> QuerySet[ActionCard]:
    return ActionCard.objects.select_related("version__plan__municipality").prefetch_related(
        Prefetch("contacts", queryset=CardContact.objects.select_related("organisation")),
        Prefetch("warning_signs", queryset=WarningSign.objects.order_by("group", "id")),
    )


def sign_groups(card: ActionCard) -> list[tuple[str, list[WarningSign]]]:
    """The card's signs grouped by their group (prefetched, in the groups' order)."""
    groups: dict[str, list[WarningSign]] = {}
    for sign in card.warning_signs.all():
        groups.setdefault(sign.group, []).append(sign)
    order = [key for key in WarningSign.Group.values if key in groups]
    return [(str(WarningSign.Group(key).label), groups[key]) for key in order]


def _card_context(card: ActionCard) -> dict[str, Any]:
    return {"card": card, "sign_groups": sign_groups(card), "contacts": list(card.contacts.all())}


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def card_list(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    version = permissions.get_version_for_view(user, pk)
    context = page_context(user, version) | {"cards": list(cards_of(version))}
    return render(request, "plans/cards.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def card_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    card = _card_for_view(user, pk)
    context = page_context(user, card.version) | _card_context(card) | {"public": False}
    return render(request, "plans/card.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def card_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    card = _card_for_view(acting_user(request), pk)
    return _pdf_response(request, card, public=False)


def _pdf_response(request: HttpRequest, card: ActionCard, *, public: bool) -> HttpResponse:
    """The card's PDF, stamped; a signed-in user's copy is audited, a visitor's is not (a
    published card is public and holds no personal data)."""
    context = _card_context(card)
    details = version_details(card.version)
    stamp = request_stamp(request, purpose=export_services.export_purpose(), details=details)
    document = cards_pdf.render_card(
        card, sign_groups=context["sign_groups"], contacts=context["contacts"], stamp=stamp
    )
    if request.user.is_authenticated:
        export_services.record_card_export(card, by=acting_user(request), public=public)
    response = HttpResponse(document, content_type="application/pdf")
    name = f"handlekort-{slugify(card.get_audience_display())}-{card.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_http_methods(["GET", "HEAD"])
def public_card(request: HttpRequest, code: str, card_pk: int) -> HttpResponse:
    version = permissions.get_public_version(code)
    # Only the version in force and published; a superseded one's cards are no longer valid.
    if version.status != VersionStatus.PUBLISHED:
        raise Http404
    card = cards_of_any().filter(pk=card_pk, version=version).first()
    if card is None:
        raise Http404
    if request.GET.get("format") == "pdf":
        return _pdf_response(request, card, public=True)
    context = {"version": version, "plan": version.plan, "public": True} | _card_context(card)
    return render(request, "plans/card.html", context)


# -- The card form --------------------------------------------------------------------------------


def _card_form_page(
    request: HttpRequest, user: User, version: PlanVersion, form: Any, contacts: Any, card: Any
) -> HttpResponse:
    context = page_context(user, version) | {"form": form, "contacts": contacts, "card": card}
    failed = form.is_bound and (form.errors or not contacts.is_valid())
    return render(request, "plans/card_form.html", context, status=400 if failed else 200)


def _card_data(form: forms.CardForm, contacts: Any) -> services.CardData:
    rows = [c for c in contacts.forms if c.cleaned_data and not c.is_blank()]
    fields = {**form.cleaned_data, "warning_signs": tuple(form.cleaned_data["warning_signs"])}
    return services.CardData(**fields, contacts=tuple(c.data_for_service() for c in rows))


def _save(request: HttpRequest, user: User, version: PlanVersion, card: ActionCard | None) -> Any:
    """Create or update from the bound forms; the card on success, else the forms."""
    form = forms.CardForm(request.POST)
    contacts = forms.ContactFormSet(request.POST, prefix="contacts")
    if form.is_valid() and contacts.is_valid():
        data = _card_data(form, contacts)
        try:
            if card is None:
                return services.create_card(version, data=data, by=user), form, contacts
            return services.update_card(card, data=data, by=user), form, contacts
        except ValidationError as error:
            form.add_service_error(error)
    return None, form, contacts


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def card_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    version = permissions.get_version_for_change(user, pk)
    if not permissions.is_editable(version):
        return locked(request, version)
    if request.method == "POST":
        saved, form, contacts = _save(request, user, version, None)
        if saved is not None:
            messages.success(request, _("The action card is made."))
            return redirect("plans:card", saved.pk)
    else:
        form = forms.CardForm()
        initial = forms.default_contacts(version.plan.municipality)
        contacts = forms.ContactFormSet(prefix="contacts", initial=initial)
    return _card_form_page(request, user, version, form, contacts, None)


@login_required
@never_cache
@require_http_methods(GET_OR_POST)
def card_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    card = change_fetch(user, ActionCard, pk, "version__")
    version = card.version
    if not permissions.is_editable(version):
        return locked(request, version)
    if request.method == "POST" and request.POST.get("action") == "delete":
        if (step_up := step_up_needed(request)) is not None:  # deletions need step-up
            return step_up
        services.delete_card(card, by=user)
        messages.success(request, _("The action card is removed."))
        return redirect("plans:cards", version.pk)
    if request.method == "POST":
        saved, form, contacts = _save(request, user, version, card)
        if saved is not None:
            messages.success(request, _("The action card is saved."))
            return redirect("plans:card", saved.pk)
    else:
        fields = ("audience", "title", "introduction", "staff_reached")
        form = forms.CardForm(initial={f: getattr(card, f) for f in fields})
        form.initial["warning_signs"] = list(card.warning_signs.all())
        rows = card.contacts.values("kind", "label", "phone", "email", "when", "organisation")
        contacts = forms.ContactFormSet(prefix="contacts", initial=list(rows))
    return _card_form_page(request, user, version, form, contacts, card)
