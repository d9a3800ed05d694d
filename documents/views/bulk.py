"""Bulk pages: circulation of several copies of a document at once, and a scanned stack handed out or taken back.

Each page previews with the step's checks (nothing is offered that the
service would refuse) and acts through documents/services/bulk.py: one
ordinary service call per copy in one transaction, all or nothing.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from documents.codes import parse_copy_code
from documents.forms.bulk import ProposeCirculationsForm, StackForm
from documents.models import Circulation
from documents.models.circulation import ACTIVE_STATUSES
from documents.selectors import copies_for_codes, eligible_readers, registries_kept_by, visible_copies, visible_documents
from documents.services import bulk
from documents.services.circulation import check_propose_circulation
from documents.services.errors import MissingReason, NotPermitted
from documents.services.holds import Procedure, read_holds
from documents.views.steps import attempt
from documents.views.utils import get_visible_or_404
from people.roles import Role
from people.selectors import has_role


def proposable_copies(user, document):
    """Each copy of the document with the reason it cannot get a reading list now (None: it can)."""
    copies = list(visible_copies(user).filter(document=document).select_related("document__registry__unit", "holder"))
    read_holds(copies, Procedure.CIRCULATE)
    under_way = set(
        Circulation.objects.filter(copy__document=document, status__in=ACTIVE_STATUSES).values_list("copy_id", flat=True)
    )
    return [(copy, check_propose_circulation(copy, user, under_way=copy.pk in under_way)) for copy in sorted(copies, key=lambda c: c.number)]


def links(user, document, circulation_rows):
    """The document page's way into the bulk pages, from what its circulation panel already asked.

    `circulation_rows` are the panel's rows (documents/views/circulation.py: Stage), whose
    `offers["propose"]` is check_propose_circulation's answer for each copy still in play.
    """
    return {
        "bulk_propose": sum(1 for row in circulation_rows if row.offers.get("propose")) > 1,
        # The stack page is for the clerks of a registry; this one's clerks look for it here.
        "stack_page": has_role(user, Role.CLERK, document.registry.unit),
    }


@login_required
def propose_circulations(request, pk):
    document = get_visible_or_404(visible_documents(request.user).select_related("registry__unit"), pk=pk, request=request)
    rows = proposable_copies(request.user, document)
    if all(isinstance(refusal, NotPermitted) for _copy, refusal in rows):
        raise Http404  # a page of refusals for someone who may propose nothing here
    form = ProposeCirculationsForm(
        request.POST or None,
        # Any copy of the document is accepted, so one that moved since the page was shown is refused by name.
        copies=visible_copies(request.user).filter(document=document),
        readers=eligible_readers(document),
        search_url=reverse("documents:people_readers", args=[document.pk]),
    )
    if request.method == "POST" and form.is_valid():
        circulations = attempt(
            form, bulk.propose_circulations,
            copies=form.cleaned_data["copies"], readers=form.cleaned_data["readers"], by=request.user,
            reason=form.cleaned_data["reason"],
        )  # fmt: skip
        if circulations is not None:
            count = len(circulations)
            messages.success(
                request,
                ngettext(
                    "%(n)d reading list proposed; it waits for a leader's approval.",
                    "%(n)d reading lists proposed, one per copy; they wait for a leader's approval.",
                    count,
                )
                % {"n": count},
            )
            return redirect(reverse("documents:detail", args=[document.pk]) + "#circulation")
    return render(
        request,
        "documents/bulk_propose.html",
        {"document": document, "rows": rows, "form": form, "picked": form.picked_ids()},
    )


@dataclass
class StackLine:
    code: str
    copy: object = None
    problem: str = ""
    repeated: bool = False
    row: bulk.StackRow | None = None

    @property
    def refused(self):
        return bool(self.problem) or (self.row is not None and self.row.refusal is not None)


@dataclass
class StackPreview:
    lines: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    @property
    def plan(self):
        return "\n".join(f"{row.copy.pk}:{row.step}" for row in self.rows if row.step)

    @property
    def refused(self):
        return [line for line in self.lines if line.refused]

    def count(self, step):
        return sum(1 for row in self.rows if row.step == step)

    @property
    def hand_outs(self):
        return self.count(bulk.HAND_OUT)

    @property
    def take_backs(self):
        return self.count(bulk.TAKE_BACK)


def preview_stack(user, codes) -> StackPreview:
    """What each scanned line would do now, in the order scanned; a copy scanned twice counts once."""
    parsed = [parse_copy_code(code) for code in codes]
    found = copies_for_codes(user, parsed)
    preview, seen = StackPreview(), {}
    for code, copy_code in zip(codes, parsed):
        line = StackLine(code=code)
        if copy_code is None:
            line.problem = _("Not a copy code; type it as registry number and copy number, e.g. BGS-2026-00017-3.")
        elif copy_code not in found:
            line.problem = _("No copy %(code)s in the registries you keep.") % {"code": code}
        else:
            line.copy = found[copy_code]
            line.repeated = line.copy.pk in seen
            seen.setdefault(line.copy.pk, line)
        preview.lines.append(line)
    firsts = list(seen.values())
    preview.rows = bulk.plan_stack([line.copy for line in firsts], user)
    for line, row in zip(firsts, preview.rows):
        line.row = row
    return preview


def _confirm(request, form, preview):
    """Carry out exactly what the preview showed, or explain on the form why nothing was done."""
    if preview.refused:
        form.add_error(
            None,
            ngettext(
                "%(n)d line of the stack cannot be handed out or taken back (marked below); take it out of the stack "
                "first. Nothing was changed.",
                "%(n)d lines of the stack cannot be handed out or taken back (marked below); take them out of the "
                "stack first. Nothing was changed.",
                len(preview.refused),
            )
            % {"n": len(preview.refused)},
        )
        return False
    if form.cleaned_data["plan"].replace("\r", "") != preview.plan:
        form.add_error(None, _("The stack or a copy changed since the preview; check what is shown now and confirm again."))
        return False
    reason = form.cleaned_data["reason"].strip()
    if not reason:
        form.add_error("reason", MissingReason.default_message)
        return False
    moves = [(row.circulation, row.step) for row in preview.rows]
    if attempt(form, bulk.move_stack, moves=moves, by=request.user, reason=reason) is None:
        return False
    messages.success(
        request,
        _("Done: %(out)d handed out, %(back)d taken back.") % {"out": preview.hand_outs, "back": preview.take_backs},
    )
    return True


@login_required
def stack(request):
    """The clerk scans a stack of copies; each goes to its next reader or comes back from its holder."""
    if not registries_kept_by(request.user).exists():
        raise Http404
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        # The first preview has no reason box yet: offer the usual one when it appears.
        data.setdefault("reason", str(StackForm.base_fields["reason"].initial))
    form = StackForm(data)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = preview_stack(request.user, form.lines())
        if "confirm" in request.POST and _confirm(request, form, preview):
            return redirect("documents:circulation_stack")
    return render(
        request, "documents/circulation_stack.html", {"form": form, "preview": preview}
    )
