"""Approved circulations to hand out and take back, made with the real services before the timing.

Question 4 times one circulation step (documents.services.circulation
hand_out / take_back). Each step needs an approved reading list, so the
lists are made first, outside the timing: the registry's clerk proposes a
list of one reader for a copy in the registry, a leader of the unit who may
see the document approves it. Each list then serves one hand-out and one
take-back, after which the circulation is completed and the copy is back in
the registry.
"""

from django.db.models import Count, Exists, OuterRef

from documents.models import Circulation, CirculationStatus, Copy, CopyStatus
from documents.models.circulation import ACTIVE_STATUSES
from documents.selectors import visible_documents
from documents.services.circulation import approve_circulation, propose_circulation
from people.models import Membership


def participants(s):
    """(leader, copies): the leader of the clerk's unit who sees most of the reader's documents, and those copies."""
    reader_documents = visible_documents(s.lifecycle_reader).filter(registry=s.registry).exclude(pk=s.detail_document.pk)
    leaders = (
        Membership.objects.filter(unit=s.unit, role="leader", user__is_active=True)
        .exclude(user__in=[s.clerk.pk, s.lifecycle_reader.pk])
        .values_list("user", flat=True)
    )
    best = None
    for leader_id in leaders:
        leader = type(s.clerk).objects.get(pk=leader_id)
        shared = reader_documents.filter(pk__in=visible_documents(leader).values("pk"))
        count = shared.aggregate(n=Count("pk"))["n"]
        if best is None or count > best[2]:
            best = (leader, shared, count)
    if best is None or best[2] == 0:
        raise SystemExit(f"No leader of {s.unit} sees a document {s.lifecycle_reader.username} sees: cannot circulate.")
    leader, shared, _count = best
    busy = Circulation.objects.filter(copy=OuterRef("pk"), status__in=ACTIVE_STATUSES)
    copies = (
        Copy.objects.filter(document__in=shared.values("pk"), status=CopyStatus.IN_REGISTRY)
        .exclude(Exists(busy))
        .order_by("-pk")
    )
    return leader, copies


def approved_circulations(s, count):
    """`count` approved circulations, each of one copy to s.lifecycle_reader."""
    leader, copies = participants(s)
    available = list(copies[:count])
    if len(available) < count:
        raise SystemExit(f"Only {len(available)} copies can be circulated to {s.lifecycle_reader.username}; need {count}.")
    made = []
    for copy in available:
        circulation = propose_circulation(
            copy=copy, readers=[s.lifecycle_reader], by=s.clerk, reason="Benchmark: reading list"
        )
        made.append(approve_circulation(circulation=circulation, by=leader, reason="Benchmark: approved"))
    return made


def all_completed(circulations):
    done = Circulation.objects.filter(pk__in=[c.pk for c in circulations], status=CirculationStatus.COMPLETED).count()
    return done == len(circulations)
