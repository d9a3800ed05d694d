"""View helpers shared by every page that opens one object."""

from django.http import Http404

from audit.models import AccessKind
from audit.services.access import record_access


def get_visible_or_404(queryset, *, pk, request):
    """`get_object_or_404(queryset, pk=pk)`, where `queryset` is what this user may see (a selector).

    When the object exists but is out of the user's scope, the refusal goes
    into the access log; the response is the same 404 as for an id that
    never existed, so nothing about the object leaks.
    """
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        record_denial(request, queryset.model, pk)
        raise Http404 from None


def record_denial(request, model, pk):
    """Log a refusal of an object that exists (one that never existed is not a denial)."""
    if _exists(model, pk):
        record_access(request, AccessKind.DENIED, f"{model._meta.label} #{pk}")


def _exists(model, pk):
    try:
        return model._base_manager.filter(pk=pk).exists()
    except (ValueError, TypeError):
        return False
