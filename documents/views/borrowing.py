"""Borrowing pages: the request form, the clerk's hand-out and checked return, the loans list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from documents import tables
from documents.forms.borrowing import CancelForm, DecisionForm, HandOutForm, LoanRequestForm, ReturnForm
from documents.models import OPEN_LOAN_STATUSES, CopyStatus, Loan, LoanStatus
from documents.pagination import paginate
from documents.punctuation import listing
from documents.selectors import (
    document_loans,
    eligible_borrowers,
    loans_awaiting_decision,
    overdue_loans,
    visible_documents,
    visible_loans,
)
from documents.services import borrowing
from documents.pdf.permissions import can_print_procedure_ledgers
from documents.services.errors import NotPermitted
from documents.services.holds import Procedure, known_free, read_holds, unheld
from documents.views.steps import StepView, attempt, offers, safe_next
from documents.views.utils import get_visible_or_404
from people.models import Unit
from people.roles import Role
from people.selectors import has_role

LIST_FILTERS = {
    "open": gettext_lazy("Open"),
    "overdue": gettext_lazy("Overdue"),
    "returned": gettext_lazy("Returned"),
    "all": gettext_lazy("All"),
}


back_to = safe_next  # the name the other procedures' views used


def with_offers(loans, user):
    """Each loan's `offers`: which steps its checks let `user` take now (the templates read nothing else)."""
    read_holds([loan.copy for loan in loans], Procedure.LEND)
    for loan in loans:
        loan.offers = offers(
            user,
            loan,
            decide=borrowing.check_approve_loan,
            hand_out=borrowing.check_hand_out_loan,
            receive=borrowing.check_return_loan,
            cancel=borrowing.check_cancel_loan,
        )
    return loans


def loan_panel(user, document):
    """What the document page shows of borrowing: the open and recent loans, and who may ask."""
    loans = list(
        document_loans(user, document)
        .select_related("copy", "borrower__person", "approved_by")
        .order_by("-requested_at", "-pk")[:20]
    )
    for loan in loans:
        # The page's document (with its registry and unit) for every row, not one read per loan.
        loan.copy.document = document
    # Every copy in the registry that nothing holds is as good as another: the check of the first answers for all.
    lendable = _lendable_copies(document).first()
    if lendable is not None:
        lendable.document = document
        known_free([lendable], Procedure.LEND)
    return {
        "loans": with_offers(loans, user),
        "loan_policy": borrowing.policy_for(document.level),
        "can_request_loan": lendable is not None and borrowing.check_request_loan(lendable, user, open_loan=False) is None,
        "hand_out_form": HandOutForm(),
        "cancel_form": CancelForm(),
    }


def _lendable_copies(document):
    """The copies the request form offers: in the registry, without an open loan, held by no other procedure."""
    open_loan = Loan.objects.filter(copy=OuterRef("pk"), status__in=OPEN_LOAN_STATUSES)
    copies = document.copies.filter(status=CopyStatus.IN_REGISTRY).exclude(Exists(open_loan))
    return unheld(copies, Procedure.LEND).order_by("number")


@login_required
def request_loan(request, pk):
    document = get_visible_or_404(
        visible_documents(request.user).select_related("registry__unit"), pk=pk, request=request,
    )
    unit = document.registry.unit
    on_behalf = has_role(request.user, Role.CLERK, unit)
    from_outside = not borrowing.belongs_to_unit(request.user, unit)
    own_units = listing(u for u in Unit.objects.filter(memberships__user=request.user).distinct())
    policy = borrowing.policy_for(document.level)
    form = LoanRequestForm(
        request.POST or None,
        copies=_lendable_copies(document),
        on_behalf=on_behalf,
        show_letter=on_behalf or from_outside,
        outside_unit="" if on_behalf else own_units,
        may_take_out=policy.may_take_out,
        borrowers=eligible_borrowers(document),
        search_url=reverse("documents:people_borrowers", args=[document.pk]),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letter = {name: data.get(name, "") for name in borrowing.OUTSIDE_FIELDS}
        loan = attempt(
            form,
            borrowing.request_loan,
            copy=data["copy"],
            borrower=data.get("borrower") or request.user,
            by=request.user,
            purpose=data["purpose"],
            mode=data["mode"],
            due_on=data["due_on"],
            **letter,
        )
        if loan is not None:
            if loan.status == LoanStatus.REQUESTED:
                messages.success(request, _("Request recorded; it now waits for a leader's approval."))
            else:
                messages.success(request, _("Request recorded; the clerk can hand the copy out."))
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/borrowing_request.html", {"document": document, "form": form, "policy": policy})


def _loan(request, pk):
    return get_visible_or_404(
        visible_loans(request.user).select_related("copy__document__registry__unit", "borrower"),
        pk=pk,
        request=request,
    )


class LoanStep(StepView):
    selector = staticmethod(visible_loans)
    related = ("copy__document__registry__unit", "borrower")
    target = "loan"
    form_class = CancelForm

    def fallback(self, loan):
        return reverse("documents:loans")


class DecideLoan(LoanStep):
    """Approve or reject, from the document page or the leader's queue: the button pressed says which."""

    form_class = DecisionForm
    missing_reason = gettext_lazy("Give a reason: every decision is recorded with why it was made.")

    def get_service(self):
        return borrowing.approve_loan if self.request.POST.get("decision") == "approve" else borrowing.reject_loan

    def done(self, loan, obj):
        return _("Loan of copy %(copy)s: %(status)s.") % {"copy": loan.copy.label, "status": loan.get_status_display().lower()}

    def fallback(self, loan):
        return reverse("documents:approvals")


class HandOutLoan(LoanStep):
    service = staticmethod(borrowing.hand_out_loan)
    form_class = HandOutForm

    def done(self, loan, obj):
        return _("Copy %(copy)s handed out to %(name)s, due back on %(due)s.") % {
            "copy": loan.copy.label, "name": loan.borrower, "due": loan.due_on.isoformat(),
        }  # fmt: skip


class CancelLoan(LoanStep):
    service = staticmethod(borrowing.cancel_loan)

    def done(self, loan, obj):
        return _("Loan cancelled.")


decide_loan = DecideLoan.as_view()
hand_out = HandOutLoan.as_view()
cancel = CancelLoan.as_view()


@login_required
def receive_back(request, pk):
    loan = _loan(request, pk)
    if isinstance(borrowing.check_return_loan(loan, request.user), NotPermitted):
        # Not this person's step at all: as for any page they have no business on.
        raise Http404
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        returned = attempt(
            form,
            borrowing.return_loan,
            loan=loan,
            by=request.user,
            reason=data["reason"],
            pages_complete=data["pages_complete"],
            attachments_complete=data["attachments_complete"],
            discrepancy=data["discrepancy"],
        )
        if returned is not None:
            loan = returned
            if loan.discrepancy:
                messages.warning(request, _("Copy %(copy)s is back; the discrepancy is recorded.") % {"copy": loan.copy.label})
            else:
                messages.success(request, _("Copy %(copy)s is back in the registry, complete.") % {"copy": loan.copy.label})
            return redirect("documents:detail", pk=loan.copy.document_id)
    return render(request, "documents/borrowing_return.html", {"loan": loan, "document": loan.copy.document, "form": form})


LOAN_SORTS = {
    "requested": ["requested_at", "pk"],
    "due": ["due_on", "pk"],
    "copy": ["copy__document__year", "copy__document__serial", "copy__number", "pk"],
}


LOAN_COLUMNS = [
    tables.Column(gettext_lazy("Copy"), lambda loan: loan.copy.label, "copy", "-copy"),
    tables.Column(gettext_lazy("Title"), lambda loan: loan.copy.document.title),
    tables.Column(gettext_lazy("Borrower"), lambda loan: tables.person(loan.borrower)),
    tables.Column(gettext_lazy("Mode"), lambda loan: loan.get_mode_display()),
    tables.Column(gettext_lazy("Requested"), lambda loan: loan.requested_at, "requested", "-requested", descending_first=True),
    tables.Column(gettext_lazy("Due back on"), lambda loan: loan.due_on, "due", "-due"),
    tables.Column(gettext_lazy("Status"), lambda loan: loan.get_status_display()),
    tables.Column(gettext_lazy("Return check"), lambda loan: loan.discrepancy if loan.status == LoanStatus.RETURNED else ""),
]


def _loan_noun(count):
    return ngettext("%(count)s loan", "%(count)s loans", count) % {"count": count}


@login_required
def loan_list(request):
    show = request.GET.get("show") if request.GET.get("show") in LIST_FILTERS else "open"
    loans = visible_loans(request.user).select_related("copy__document", "borrower", "approved_by")
    if show == "open":
        loans = loans.filter(status__in=OPEN_LOAN_STATUSES)
    elif show == "overdue":
        loans = overdue_loans(request.user).select_related("copy__document", "borrower", "approved_by")
    elif show == "returned":
        loans = loans.filter(status=LoanStatus.RETURNED)
    sort, keys = tables.resolve_sort(request.GET.get("sort"), LOAN_SORTS, "-requested")
    fmt = request.GET.get("export")
    if fmt in tables.EXPORT_FORMATS:
        response = tables.export_response(
            request, fmt=fmt, name="loans", what="Loans", columns=LOAN_COLUMNS,
            rows=loans.order_by(*keys), params=request.GET,
        )
        if response is not None:
            return response
        messages.error(request, tables.too_many_for_xlsx())
        return redirect(f"{request.path}?{tables.plain_query(request.GET).urlencode()}")
    page = paginate(loans, keys=keys, after=request.GET.get("after"), before=request.GET.get("before"))
    count, exact = tables.bounded_count(loans)
    totals = tables.Totals(count=count, exact=exact, number=tables.page_number(request.GET), size=50)
    return render(
        request,
        "documents/borrowing_list.html",
        {
            "page": page, "show": show, "filters": LIST_FILTERS.items(), "today": timezone.localdate(),
            "can_print_ledger": can_print_procedure_ledgers(request.user),
            **tables.table_context(LOAN_COLUMNS, sort=sort, params=request.GET, page=page, totals=totals, noun=_loan_noun),
        },
    )
