"""The public pages about the legal bases: the list and one page per legal basis."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from forebyg.legal import selectors


@require_safe
def legal_basis_list(request: HttpRequest) -> HttpResponse:
    context = {"groups": selectors.legal_bases_by_rationale()}
    return render(request, "legal/list.html", context)


@require_safe
def legal_basis_detail(request: HttpRequest, key: str) -> HttpResponse:
    basis = get_object_or_404(selectors.legal_basis_for_page(key))
    context = {
        "basis": basis,
        "rationale": selectors.rationale_label(basis.rationale),
        "kind": selectors.kind_label(basis.kind),
        "cooperations": selectors.cooperation_names(basis),
    }
    return render(request, "legal/detail.html", context)
