"""The archives panel on a document's page: where its copies are filed, and the clerk's way to file them."""

from archives.models import FiledCopy
from archives.selectors import visible_volumes
from documents.services.roles import clerk_refusal


def archives_panel(user, document):
    filings = list(FiledCopy.objects.filter(copy__document=document).select_related("volume", "copy").order_by("copy__number"))
    visible = set(visible_volumes(user).filter(pk__in=[f.volume_id for f in filings]).values_list("pk", flat=True))
    return {
        "filings": [(filing, filing.volume_id in visible) for filing in filings],
        # Which volume is chosen on the archive's page, where `check_file_copies` decides; here only the role.
        "can_file": clerk_refusal(user, document.registry) is None and document.has_copy_in_registry,
    }
