"""The public "who does what" pages: directory, organisation, structure, international."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django_htmx.middleware import HtmxDetails

from forebyg.actors import diagrams, selectors
from forebyg.actors.forms import DirectoryFilterForm


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails  # set by django_htmx's middleware


PAGE_SIZE = 50
# The reference data's confidence codes (data/README.md), in words.
CONFIDENCE = {
    "H": gettext_lazy("stated in an official source"),
    "M": gettext_lazy("secondary source or inference"),
    "L": gettext_lazy("not confirmed"),
    "high": gettext_lazy("high"),
    "medium-high": gettext_lazy("medium to high"),
    "medium": gettext_lazy("medium"),
    "low": gettext_lazy("low"),
}


@require_safe
def directory(request: HtmxHttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET)
    filters = form.filters()
    paginator = Paginator(selectors.directory_organisations(filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))  # a bad page number gives a valid page
    context = {
        "form": form,
        "page": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "filtered": bool(filters),
    }
    template = "actors/directory.html#results" if request.htmx else "actors/directory.html"
    return render(request, template, context)


@require_safe
def organisation_detail(request: HttpRequest, key: str) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisation_for_page(key))
    context = {
        "organisation": organisation,
        "relations": selectors.organisation_relations(organisation),
        "confidence": CONFIDENCE.get(organisation.confidence, organisation.confidence),
    }
    return render(request, "actors/organisation.html", context)


@require_safe
def structure(request: HttpRequest) -> HttpResponse:
    data = selectors.structure()
    context = {
        "structure": data,
        "diagram": diagrams.structure_diagram(data, other_label=_("Other national actors")),
    }
    return render(request, "actors/structure.html", context)


@require_safe
def international(request: HttpRequest) -> HttpResponse:
    context = {"cooperations": selectors.international_cooperations()}
    return render(request, "actors/international.html", context)
