"""Where a copy the registry no longer holds is, as other apps know it, without documents importing them.

A copy in transit or delivered to another unit is held by no person here;
the dispatch app knows which unit it went to. An app registers
`describe(copies) -> {copy pk: text}` in its AppConfig.ready(); the ledger
asks it once per page for the copies whose status no person holds.
"""

from documents.models import CopyStatus

ELSEWHERE = frozenset({CopyStatus.IN_TRANSIT, CopyStatus.DELIVERED})
DESCRIBERS = []


def register_whereabouts(describe):
    if describe not in DESCRIBERS:
        DESCRIBERS.append(describe)


def annotate_whereabouts(copies):
    """Set `whereabouts` on each of `copies` (a page's rows): the text an app gives, else empty."""
    copies = list(copies)
    away = [copy for copy in copies if copy.status in ELSEWHERE]
    found = {}
    for describe in DESCRIBERS:
        if away:
            found.update(describe(away))
    for copy in copies:
        copy.whereabouts = found.get(copy.pk, "")
    return copies
