"""Pages of the infohus networks, under /infohusnetvaerk/: the notes of the user's network(s),
newest first, a note, and a new note. Members read and write; national analysts read; for anyone
else the pages do not exist (404). A refused note comes back with everything the writer typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_htmx.middleware import HtmxDetails

from forebyg.cases.views.common import acting_user
from forebyg.networks import permissions, selectors, services
from forebyg.networks.forms import NetworkFilterForm, NoteForm

PAGE_SIZE = 20


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails  # set by django_htmx's middleware


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def note_list(request: HtmxHttpRequest) -> HttpResponse:
    user = acting_user(request)
    permissions.require_reader(user)
    networks = permissions.readable_networks(user)
    form = NetworkFilterForm(request.GET or None, networks=networks)
    notes = selectors.visible_notes(user, district_id=form.district_id())
    paginator = Paginator(notes, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))  # a bad page number gives a valid page
    context = {
        "form": form,
        "networks": list(networks),
        "page": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "may_write": bool(permissions.member_district_ids(user)),
    }
    template = "networks/list.html#results" if request.htmx else "networks/list.html"
    return render(request, template, context)


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def note_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    permissions.require_writer(user)
    form = NoteForm(request.POST or None, networks=permissions.writable_networks(user))
    if request.method == "POST" and form.is_valid():
        try:
            note = services.create_note(by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The note is saved."))
            return redirect("networks:note", pk=note.pk)
    return render(request, "networks/note_form.html", {"form": form})


@login_required
@never_cache
@require_http_methods(["GET", "HEAD"])
def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    note = permissions.get_note_for_view(acting_user(request), pk)
    return render(request, "networks/note.html", {"note": note})
