"""The printed inventory result (清查结果): counts, every discrepancy, the devices and media counted, who closed it,
the inspector's sign-off."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from documents.pdf.ledgers import Ledger
from documents.reasons import shown_reason
from documents.selectors import visible_copies, visible_inventories
from documents.pdf.permissions import check_print_inventory
from documents.services.errors import raise_if
from documents.services.inventory import device_rows, inventory_result
from people.names import person_name


def _person(user):
    return person_name(user) if user else ""


def inventory_rows(user, inventory, result):
    """One row per discrepancy, limited to copies `user` may see; `level` is the copy's document level."""
    visible = visible_copies(user).values("pk")
    return [
        {
            "level": item.copy.document.level,
            "period": item.copy.document.secrecy_period_years,
            "copy": item.copy.label,
            "title": item.copy.document.title,
            "result": item.get_result_display(),
            "result_value": item.result,
            "expected_status": item.get_expected_status_display(),
            "expected_holder": _person(item.expected_holder),
            "found_holder": _person(item.found_holder),
            "note": shown_reason(item.note),
            "checked_by": _person(item.checked_by),
            "checked_at": timezone.localtime(item.checked_at) if item.checked_at else None,
        }
        for item in result["discrepancies"].filter(copy__in=visible).select_related("checked_by")
    ]


def device_lines(inventory):
    """Every device and medium the inventory counted, discrepancies and all: the register lists them all."""
    return [
        {
            "asset_number": item.device.asset_number,
            "kind": item.device.get_kind_display(),
            "level": item.device.get_level_display(),
            "level_value": item.device.level,
            "custodian": _person(item.expected_custodian),
            "location": item.device.location,
            "result": item.get_result_display(),
            "result_value": item.result,
            "found_custodian": _person(item.found_custodian) if item.result == "wrong_holder" else "",
            "note": shown_reason(item.note),
            "checked_by": _person(item.checked_by),
            "checked_at": timezone.localtime(item.checked_at) if item.checked_at else None,
        }
        for item in device_rows(inventory)
    ]


def inventory_ledger(user, params) -> Ledger:
    inventory = get_object_or_404(
        visible_inventories(user).select_related("registry__unit", "opened_by", "closed_by", "signed_off_by"),
        pk=params["inventory"],
    )
    raise_if(check_print_inventory(inventory, user))
    result = inventory_result(inventory)
    rows = inventory_rows(user, inventory, result)
    devices = device_lines(inventory)
    return Ledger.of_rows(
        inventory.registry.unit,
        rows,
        kind="inventory",
        template="documents/pdf/inventory_result.html",
        name=gettext_lazy("Inventory result"),
        range=f"{inventory.registry.code} · {timezone.localtime(inventory.opened_at):%Y-%m-%d}",
        filters={"inventory": inventory.pk, "registry_code": inventory.registry.code},
        # The devices listed mark the sheet with their levels, as the device register's print is marked.
        extra={"inventory": inventory, "result": result, "devices": devices,
               "listed_levels": [line["level_value"] for line in devices], "opened_by_name": _person(inventory.opened_by),
               "closed_by_name": _person(inventory.closed_by), "signed_off_by_name": _person(inventory.signed_off_by)},
    )
