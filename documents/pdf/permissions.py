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
