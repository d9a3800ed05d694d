"""Find by code: the top bar's box, where a clerk types or scans a registry number or a copy's code."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from documents.codes import parse_code
from documents.models import Document
from documents.selectors import visible_documents
from documents.views.utils import record_denial
from secrecy_registry.replica import reads_may_lag


@login_required
@require_safe
@reads_may_lag
def find(request):
    text = request.GET.get("code", "")
    if not text.strip():
        return render(request, "documents/find.html", {"code": ""})
    code = parse_code(text)
    if code is None:
        error = _("Type a registry number (BGS-2026-00017) or a copy's code (BGS-2026-00017-3).")
        return render(request, "documents/find.html", {"code": text, "error": error}, status=400)
    target = _address_of(request, code)
    if target is None:
        # Out of scope reads exactly as a code that was never allocated: same status, same words.
        error = _("Nothing found for %(code)s.") % {"code": text.strip()}
        return render(request, "documents/find.html", {"code": text, "error": error}, status=404)
    return redirect(target)


def _address_of(request, code):
    """Where the code leads this person: the document page, at the copy's row for a copy; None if not theirs to see."""
    document = visible_documents(request.user).filter(**code.document_filter()).first()
    if document is None:
        hidden = Document.objects.filter(**code.document_filter()).values_list("pk", flat=True).first()
        if hidden is not None:
            record_denial(request, Document, hidden)
        return None
    url = reverse("documents:detail", args=[document.pk])
    if code.copy is None:
        return url
    if not document.copies.filter(number=code.copy).exists():
        return None
    return f"{url}#copies-{code.copy}"
