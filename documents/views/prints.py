"""Printing the registry's own ledgers (registration, a document's history, audit) and verifying a printed code.

Queuing, the job page and the download are printing/'s (printing/asking.py, printing/views.py).
"""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from documents.forms.prints import (
    AuditPrintForm,
    CompareForm,
    RegistrationPrintForm,
    VerifyForm,
    initial_from_ledger_filter,
    printable_registries,
)
from documents.models import PrintRecord
from documents.pdf.permissions import can_print_history
from documents.selectors import visible_documents
from documents.views.utils import get_visible_or_404
from people.roles import Role
from people.selectors import has_role, units_where
from printing.asking import print_or_queue, recent_jobs
from secrecy_registry.replica import reads_may_lag


@login_required
@reads_may_lag
def print_registration(request):
    registries = printable_registries(request.user)
    if request.method == "POST":
        form = RegistrationPrintForm(request.POST, user=request.user)
        if form.is_valid():
            return print_or_queue(request, "registration", form.params(), back="documents:print_registration")
    else:
        form = RegistrationPrintForm(user=request.user, initial=initial_from_ledger_filter(request.GET, registries))
    return render(
        request,
        "documents/prints_registration.html",
        {"form": form, "threshold": settings.PRINT_BACKGROUND_ROWS, "jobs": recent_jobs(request.user)},
    )


@login_required
@require_POST
@reads_may_lag
def print_history(request, pk):
    document = get_visible_or_404(visible_documents(request.user), pk=pk, request=request)
    return print_or_queue(request, "history", {"document": document.pk}, back=reverse("documents:detail", args=[document.pk]))


def prints_panel(user, document):
    """What the document page shows about printing its history ledger, for clerks and inspectors of its unit."""
    can_print = can_print_history(user, document)
    return {
        "can_print": can_print,
        "recent": (
            PrintRecord.objects.filter(document=document, kind="history").select_related("printed_by")[:5]
            if can_print
            else []
        ),
    }


def _require_inspector(user):
    if not has_role(user, Role.INSPECTOR):
        # No business here: as for any page this person may not see.
        raise Http404


@login_required
@reads_may_lag
def print_audit(request):
    _require_inspector(request.user)
    form = AuditPrintForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        return print_or_queue(request, "audit", form.params(), back="documents:print_audit")
    return render(
        request,
        "documents/prints_audit.html",
        {"form": form, "threshold": settings.PRINT_BACKGROUND_ROWS, "jobs": recent_jobs(request.user)},
    )


def _verifiable(user, code):
    """The print with this code, if `user` printed it or inspects one of the units it is about."""
    record = PrintRecord.objects.select_related("printed_by", "document").filter(code=code).first()
    if record is None:
        return None
    inspected = set(units_where(user, Role.INSPECTOR).values_list("pk", flat=True))
    if record.printed_by_id == user.pk or inspected & set(record.unit_ids or []):
        return record
    return None


@login_required
def verify(request):
    _require_inspector(request.user)
    form = VerifyForm(request.GET or request.POST or None)
    context = {"form": form, "searched": False}
    if form.is_bound and form.is_valid():
        record = _verifiable(request.user, form.cleaned_data["code"])
        context.update(searched=True, record=record, compare_form=CompareForm())
        if record is not None and record.document_id:
            context["document_visible"] = visible_documents(request.user).filter(pk=record.document_id).exists()
        if record is not None and request.method == "POST":
            compare = CompareForm(request.POST, request.FILES)
            if compare.is_valid():
                digest = hashlib.sha256()
                for chunk in compare.cleaned_data["pdf"].chunks():
                    digest.update(chunk)
                context.update(uploaded_sha256=digest.hexdigest(), matches=digest.hexdigest() == record.sha256)
            context["compare_form"] = compare
    return render(request, "documents/prints_verify.html", context)
