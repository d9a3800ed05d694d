"""Who may print what: the one place the print builders and the pages ask.

Each `check_print_<kind>(obj, user)` returns the refusal (`NotPermitted`) or
None, like a lifecycle step's check; the builders raise it (documents/pdf/
ledgers.py, procedure_ledgers.py, so a background job asks again when it
runs), and the pages show a print button only when it is None
(`can_print_<kind>`).
"""

from django.utils.translation import gettext as _

from documents.services.errors import NotPermitted
from people.roles import Role
from people.selectors import has_role, units_where


def _office(user, unit):
    return has_role(user, Role.CLERK, unit) or has_role(user, Role.INSPECTOR, unit)


def check_print_history(document, user):
    unit = document.registry.unit
    if not _office(user, unit):
        return NotPermitted(_("Only a secrecy clerk or an inspector of %(unit)s can print this history.") % {"unit": unit})
    return None


def check_print_circulation_slip(circulation, user):
    unit = circulation.copy.document.registry.unit
    if not (_office(user, unit) or circulation.decided_by_id == user.pk):
        return NotPermitted(
            _("Only a secrecy clerk or an inspector of %(unit)s, or the leader who decided the list, can print its circulation slip.")
            % {"unit": unit}
        )
    return None


def check_print_destruction(dlist, user):
    unit = dlist.registry.unit
    if not (_office(user, unit) or has_role(user, Role.LEADER, unit)):
        return NotPermitted(
            _("Only a secrecy clerk, a leader or an inspector of %(unit)s can print its destruction lists.") % {"unit": unit}
        )
    return None


def check_print_procedure_ledger(registry, user, *, name):
    """The borrowing, copy and recovery ledgers of a registry; `name` is the ledger's, for the message."""
    if not _office(user, registry.unit):
        return NotPermitted(
            _("Only a secrecy clerk or an inspector of %(unit)s can print the %(ledger)s of its registry.")
            % {"unit": registry.unit, "ledger": str(name).lower()}
        )
    return None


def check_print_inventory(inventory, user):
    """The result of an inventory: once it is closed, for the registry's clerks and inspectors."""
    from documents.models import InventoryStatus
    from documents.services.errors import InvalidState

    if inventory.status == InventoryStatus.OPEN:
        return InvalidState(_("The result is printed once the inventory is closed."))
    unit = inventory.registry.unit
    if not _office(user, unit):
        return NotPermitted(_("Only a secrecy clerk or an inspector of %(unit)s can print this history.") % {"unit": unit})
    return None


def can_print_inventory(user, inventory) -> bool:
    return check_print_inventory(inventory, user) is None


def can_print_history(user, document) -> bool:
    return check_print_history(document, user) is None


def can_print_circulation_slip(user, circulation, unit=None) -> bool:
    return check_print_circulation_slip(circulation, user) is None


def can_print_destruction(user, dlist) -> bool:
    return check_print_destruction(dlist, user) is None


def can_print_procedure_ledgers(user) -> bool:
    """For the links on the loans and recoveries pages: a clerk or an inspector of some unit (the form picks the registry)."""
    from documents.models import Registry

    return Registry.objects.filter(unit__in=units_where(user, Role.CLERK, Role.INSPECTOR)).exists()


# Copies that are no longer the registry's to keep: nothing to stick a label on.
def kept_by_registry(copy) -> bool:
    from documents.models import CopyStatus
    from documents.models.copy import TERMINAL

    return copy.status not in TERMINAL and copy.status != CopyStatus.DELIVERED


def check_print_labels_in(registry, user):
    unit = registry.unit
    if not has_role(user, Role.CLERK, unit):
        return NotPermitted(_("Only a secrecy clerk of %(unit)s can print labels for its copies.") % {"unit": unit})
    return None


def check_print_copy_labels(copy, user):
    """Labels and cover sheets of a copy: for a secrecy clerk of its registry, while the registry keeps the copy.

    The clerk sticks them on the copies they keep; an inspector reads ledgers
    and has no copies to label.
    """
    from documents.services.errors import InvalidState

    refusal = check_print_labels_in(copy.document.registry, user)
    if refusal is not None:
        return refusal
    if not kept_by_registry(copy):
        return InvalidState(
            _("Copy %(copy)s is %(status)s: labels are printed only for copies the registry keeps.")
            % {"copy": copy.label, "status": copy.get_status_display().lower()}
        )
    return None


def can_print_copy_labels(user, copy) -> bool:
    return check_print_copy_labels(copy, user) is None


def labelable_copies(user, copies) -> set:
    """The pks of `copies` whose labels `user` may print: check_print_copy_labels for a page of them.

    The ledger and the document page tick boxes only for these. Each copy's
    document must be loaded; its registry's unit is read once for the
    registries not loaded with it (the copy ledger does not load them), and
    not at all for someone who is nobody's clerk.
    """
    from documents.models import Document, Registry

    copies = list(copies)
    if not copies or not has_role(user, Role.CLERK):
        return set()
    units = {
        copy.document.registry_id: copy.document.registry.unit_id
        for copy in copies
        if Document.registry.is_cached(copy.document)
    }
    missing = {copy.document.registry_id for copy in copies} - set(units)
    if missing:
        units.update(Registry.objects.filter(pk__in=missing).values_list("pk", "unit_id"))
    return {copy.pk for copy in copies if has_role(user, Role.CLERK, units[copy.document.registry_id]) and kept_by_registry(copy)}
