"""The dispatch list as printed (分发签收单): the list, then a receipt slip per recipient to sign and send back.

Registered in documents.pdf.ledgers.LEDGERS as "dispatch_slip"; printed,
bannered, numbered and recorded like every ledger.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from dispatch.selectors import visible_dispatches
from documents.services.errors import raise_if
from documents.services.roles import clerk_refusal


def check_print_dispatch_slip(dispatch, user):
    """The issuing registry's clerk prints the dispatch list and its receipt slips."""
    return clerk_refusal(user, dispatch.registry)


def dispatch_slip(user, params):
    from documents.pdf.ledgers import Ledger

    dispatch = get_object_or_404(
        visible_dispatches(user).select_related("registry__unit", "document", "sent_by"), pk=params["dispatch"]
    )
    raise_if(check_print_dispatch_slip(dispatch, user))
    recipients = list(dispatch.recipients.select_related("registry__unit").order_by("pk"))
    rows = []
    for recipient in recipients:
        recipient.item_list = list(recipient.items.select_related("copy").order_by("copy__number"))
        rows += [
            {"level": dispatch.document.level, "recipient": recipient, "item": item, "copy": item.copy}
            for item in recipient.item_list
        ]
    return Ledger.of_rows(
        dispatch.registry.unit,
        rows,
        kind="dispatch_slip",
        template="dispatch/pdf/dispatch_slip.html",
        name=gettext_lazy("Dispatch and receipt list"),
        range=dispatch.label,
        filters={"dispatch": dispatch.pk, "label": dispatch.label},
        document=dispatch.document,
        extra={"dispatch": dispatch, "document": dispatch.document, "recipients": recipients},
    )
