"""Where copies are kept: the document's page to move several of its copies to another place at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext

from documents.forms.storage import MoveCopiesForm
from documents.selectors import visible_copies, visible_documents
from documents.services.errors import NotPermitted
from documents.services.storage import check_move_copy, move_copies
from documents.views.steps import attempt
from documents.views.utils import get_visible_or_404


def movable_copies(user, document):
    """Each copy of the document, by number, with the reason it cannot be moved now (None: it can)."""
    copies = visible_copies(user).filter(document=document).select_related("document__registry__unit", "location")
    return [(copy, check_move_copy(copy, user)) for copy in copies.order_by("number")]


def offers_move(user, document, copies):
    """Whether the document page offers the move: a clerk of its registry, with a copy the registry keeps."""
    copies = [copy for copy in copies if copy.document_id == document.pk]
    for copy in copies:
        copy.document = document  # the page's copies are its document's: no query per copy
    return any(check_move_copy(copy, user) is None for copy in copies)


@login_required
def move(request, pk):
    document = get_visible_or_404(visible_documents(request.user).select_related("registry__unit"), pk=pk, request=request)
    rows = movable_copies(request.user, document)
    if all(isinstance(refusal, NotPermitted) for _copy, refusal in rows):
        raise Http404  # a page of refusals for someone who may move nothing here
    # Any copy of the document is accepted, so one that left since the page was shown is refused by name.
    form = MoveCopiesForm(request.POST or None, copies=visible_copies(request.user).filter(document=document))
    if request.method == "POST" and form.is_valid():
        moved = attempt(
            form, move_copies,
            copies=form.cleaned_data["copies"], place=form.cleaned_data["location"], by=request.user,
            reason=form.cleaned_data["reason"],
        )  # fmt: skip
        if moved is not None:
            messages.success(
                request,
                ngettext("%(n)d copy moved to %(place)s.", "%(n)d copies moved to %(place)s.", len(moved))
                % {"n": len(moved), "place": moved[0].location},
            )
            return redirect(reverse("documents:detail", args=[document.pk]) + "#copies")
    return render(
        request,
        "documents/storage_move.html",
        {"document": document, "rows": rows, "form": form, "picked": form.picked_ids()},
    )
