"""The archives panel on a document's page: where its copies are filed, and the clerk's way to file them."""

from archives.models import FiledCopy
from archives.selectors import visible_volumes
from people.roles import Role
from people.selectors import has_role


def archives_panel(user, document):
    filings = list(FiledCopy.objects.filter(copy__document=document).select_related("volume", "copy").order_by("copy__number"))
    visible = set(visible_volumes(user).filter(pk__in=[f.volume_id for f in filings]).values_list("pk", flat=True))
    is_clerk = has_role(user, Role.CLERK, document.registry.unit)
    return {
        "filings": [(filing, filing.volume_id in visible) for filing in filings],
        "can_file": is_clerk and document.has_copy_in_registry,
    }
