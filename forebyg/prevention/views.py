"""The public pages about the Danish model: the home page and one page per triangle level."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from forebyg.prevention import diagrams, selectors


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    levels = list(selectors.prevention_levels())
    context = {
        "characteristics": selectors.model_characteristics(),
        "levels": levels,
        "triangle": diagrams.triangle(levels),
    }
    return render(request, "prevention/home.html", context)


@require_safe
def level_detail(request: HttpRequest, key: str) -> HttpResponse:
    levels = list(selectors.prevention_levels())
    level = next((candidate for candidate in levels if candidate.key == key), None)
    if level is None:
        raise Http404
    position = levels.index(level)
    context = {
        "level": level,
        "levels": levels,
        "number": position + 1,
        "previous_level": levels[position - 1] if position > 0 else None,
        "next_level": levels[position + 1] if position + 1 < len(levels) else None,
        "triangle": diagrams.triangle(levels, current_key=level.key),
        "measures": selectors.measures_at_level(level),
        "organisation_groups": selectors.organisations_at_level_by_kind(level),
    }
    return render(request, "prevention/level.html", context)
