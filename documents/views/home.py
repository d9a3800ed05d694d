from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from documents.models import CopyStatus, InventoryStatus
from documents.selectors import (
    copies_held_by,
    registries_kept_by,
    visible_copies,
    visible_documents,
    visible_inventories,
)
from documents.views.borrowing import home_sections as borrowing_home
from documents.views import destruction
from documents.views.circulation import circulation_home
from documents.views.dashboard import dashboard_home
from inspections.selectors import overdue_rectifications
from people.roles import Role
from people.selectors import roles_of, units_where


@login_required
def home(request):
    """Each role's landing page: what this person does next."""
    user = request.user
    roles = roles_of(user)
    documents = visible_documents(user)
    context = {
        "roles": roles,
        "held_copies": copies_held_by(user).order_by("held_since")[:50],
        "recent_documents": documents.select_related("registry").order_by("-created_at", "-pk")[:10],
    }
    if Role.CLERK in roles:
        context["registries"] = registries_kept_by(user)
        context["copies_out"] = (
            visible_copies(user)
            .filter(status__in=[CopyStatus.OUT, CopyStatus.ON_LOAN], document__registry__in=context["registries"])
            .select_related("document", "holder")
            .order_by("held_since")[:50]
        )
    context.update(circulation_home(user, roles))
    if Role.INSPECTOR in roles:
        context["inspected_units"] = units_where(user, Role.INSPECTOR)
    if roles & {Role.CLERK, Role.INSPECTOR}:
        context["open_inventories"] = visible_inventories(user).filter(status=InventoryStatus.OPEN)
    if roles & {Role.LEADER, Role.CLERK, Role.INSPECTOR}:
        context["overdue_rectifications"] = overdue_rectifications(user)[:20]
    if Role.ADMINISTRATOR in roles:
        context["administered_units"] = units_where(user, Role.ADMINISTRATOR)
    context.update(borrowing_home(user, roles))
    context.update(destruction.home_context(user, roles))
    context.update(dashboard_home(user, roles))
    return render(request, "documents/home.html", context)
