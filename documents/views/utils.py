"""View helpers shared by every page that opens one object."""

from django.http import Http404

from audit.models import AccessKind
from audit.services.access import record_access


def get_visible_or_404(queryset, *, pk, request):
    """`get_object_or_404(queryset, pk=pk)`, where `queryset` is what this user may see (a selector).

    The refusal goes into the access log, for an object out of the user's
    scope and for an id that never existed alike; the response is the same
    404 either way, so nothing about the object leaks.
    """
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        record_denial(request, queryset.model, pk)
        raise Http404 from None


def record_denial(request, model, pk):
    """Log the refusal of an id, whether its object is hidden or never existed.

    Both take the same path, one lookup and one insert, so the answer's time
    cannot tell a hidden object from an absent one (it did when only hidden
    ones were written: about 4 ms, see docs/audit.md). The description says
    which it was, for the inspector.
    """
    description = f"{model._meta.label} #{pk}"
    if not _exists(model, pk):
        description = f"{description} {NEVER_EXISTED}"
    record_access(request, AccessKind.DENIED, description)


# Stored as written (the log is read in either language), like the rest of the description.
NEVER_EXISTED = "(no such record)"


def _exists(model, pk):
    try:
        return model._base_manager.filter(pk=pk).exists()
    except (ValueError, TypeError):
        return False
