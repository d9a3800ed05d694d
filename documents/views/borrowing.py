"""Borrowing pages: the request form, the clerk's hand-out and checked return, the loans list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from documents import tables
from documents.forms.borrowing import CancelForm, DecisionForm, HandOutForm, LoanRequestForm, ReturnForm
from documents.forms.fields import show_domain_error
from documents.models import OPEN_LOAN_STATUSES, CopyStatus, Loan, LoanStatus
from documents.pagination import paginate
from documents.punctuation import listing
from documents.selectors import (
    document_loans,
    loans_awaiting_decision,
    overdue_loans,
    reproductions_awaiting_decision,
    visible_documents,
    visible_loans,
)
from documents.services import borrowing
from documents.services.errors import LifecycleError
from documents.views.procedure_prints import can_print_procedure_ledgers
from documents.views.utils import get_visible_or_404
from people.models import Unit
from people.roles import Role
from people.selectors import has_role, units_where

LIST_FILTERS = {
    "open": gettext_lazy("Open"),
    "overdue": gettext_lazy("Overdue"),
    "returned": gettext_lazy("Returned"),
    "all": gettext_lazy("All"),
}


def back_to(request, default):
    """Where a POST came from (a `next` field on this site), else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def _with_actions(loans, user, unit):
    is_clerk = has_role(user, Role.CLERK, unit)
    is_leader = has_role(user, Role.LEADER, unit)
    for loan in loans:
        own = user.pk in (loan.borrower_id, loan.requested_by_id)
        loan.can_decide = is_leader and not own and loan.status == LoanStatus.REQUESTED
        loan.can_hand_out = is_clerk and loan.borrower_id != user.pk and loan.status == LoanStatus.APPROVED
        loan.can_receive = is_clerk and loan.borrower_id != user.pk and loan.status == LoanStatus.OUT
        loan.can_cancel = (is_clerk or own) and loan.status in (LoanStatus.REQUESTED, LoanStatus.APPROVED)
    return loans


def loan_panel(user, document):
    """What the document page shows of borrowing: the open and recent loans, and who may ask."""
    loans = list(
        document_loans(user, document)
        .select_related("copy__document", "borrower", "approved_by")
        .order_by("-requested_at", "-pk")[:20]
    )
    return {
        "loans": _with_actions(loans, user, document.registry.unit),
        "loan_policy": borrowing.policy_for(document.level),
        "can_request_loan": _lendable_copies(document).exists(),
        "hand_out_form": HandOutForm(),
        "cancel_form": CancelForm(),
    }


def _lendable_copies(document):
    open_loan = Loan.objects.filter(copy=OuterRef("pk"), status__in=OPEN_LOAN_STATUSES)
    return document.copies.filter(status=CopyStatus.IN_REGISTRY).exclude(Exists(open_loan)).order_by("number")


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
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letter = {name: data.get(name, "") for name in borrowing.OUTSIDE_FIELDS}
        try:
            loan = borrowing.request_loan(
                copy=data["copy"],
                borrower=data.get("borrower") or request.user,
                by=request.user,
                purpose=data["purpose"],
                mode=data["mode"],
                due_on=data["due_on"],
                **letter,
            )
        except LifecycleError as error:
            show_domain_error(form, error)
        else:
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


@login_required
@require_POST
def decide_loan(request, pk):
    loan = _loan(request, pk)
    form = DecisionForm(request.POST)
    service = borrowing.approve_loan if request.POST.get("decision") == "approve" else borrowing.reject_loan
    if not form.is_valid():
        messages.error(request, _("Give a reason: every decision is recorded with why it was made."))
    else:
        try:
            loan = service(loan=loan, by=request.user, reason=form.cleaned_data["reason"])
        except LifecycleError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Loan of copy %(copy)s: %(status)s.") % {"copy": loan.copy.label, "status": loan.get_status_display().lower()},
            )
    return back_to(request, "documents:approvals")


@login_required
@require_POST
def hand_out(request, pk):
    loan = _loan(request, pk)
    form = HandOutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason: every change is recorded with why it was made."))
    else:
        try:
            borrowing.hand_out_loan(loan=loan, by=request.user, reason=form.cleaned_data["reason"])
        except LifecycleError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Copy %(copy)s handed out to %(name)s, due back on %(due)s.")
                % {"copy": loan.copy.label, "name": loan.borrower, "due": loan.due_on.isoformat()},
            )
    return back_to(request, "documents:loans")


@login_required
@require_POST
def cancel(request, pk):
    loan = _loan(request, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason: every change is recorded with why it was made."))
    else:
        try:
            borrowing.cancel_loan(loan=loan, by=request.user, reason=form.cleaned_data["reason"])
        except LifecycleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Loan cancelled."))
    return back_to(request, "documents:loans")


@login_required
def receive_back(request, pk):
    loan = _loan(request, pk)
    if not has_role(request.user, Role.CLERK, loan.copy.document.registry.unit):
        raise Http404
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = borrowing.return_loan(
                loan=loan,
                by=request.user,
                reason=data["reason"],
                pages_complete=data["pages_complete"],
                attachments_complete=data["attachments_complete"],
                discrepancy=data["discrepancy"],
            )
        except LifecycleError as error:
            show_domain_error(form, error)
        else:
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


def home_sections(user, roles):
    """The home page's borrowing lines: overdue loans for clerks and leaders, the leader's queue."""
    context = {}
    if Role.CLERK in roles or Role.LEADER in roles:
        units = units_where(user, Role.CLERK, Role.LEADER)
        context["overdue_loans"] = (
            overdue_loans(user)
            .filter(copy__document__registry__unit__in=units)
            .select_related("copy__document", "borrower")
            .order_by("due_on", "pk")[:50]
        )
    if Role.LEADER in roles:
        context["awaiting_decision"] = (
            loans_awaiting_decision(user).count() + reproductions_awaiting_decision(user).count()
        )
    return context
