"""Each role's work inbox, the home page: what waits for this person, each row with its next step.

One function per section. Every section starts from a selector of
documents/selectors.py (or the app's own), reads at most `LIMIT` rows in a
constant number of queries, and asks the step's check function of the
service (`check_hand_out(circulation, user)` ...) whether to offer the step:
nothing here decides a rule. A row offers
- a one-click POST (`Action.reason` set) when the step needs nothing but a
  reason, sent with a default the person can read in the history, or
- a link to the step's form otherwise.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Case, Exists, OuterRef, Prefetch, Subquery, Value, When
from django.urls import reverse
from django.utils.http import urlencode
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archives.models import ConsultationKind
from archives.selectors import awaiting_decision_by
from archives.services.consultation import check_approve_consultation
from documents.forms.classification import DEFAULT_WINDOW
from documents.models import (
    Circulation,
    CirculationEntry,
    CirculationStatus,
    CopyStatus,
    DestructionStatus,
    InventoryStatus,
    Loan,
    LoanStatus,
    ReproductionStatus,
)
from documents.selectors import (
    circulations_awaiting_approval,
    circulations_under_way,
    copies_held_by,
    loans_awaiting_decision,
    open_incidents,
    overdue_loans,
    periods_ending,
    registries_kept_by,
    knowing,
    known_pairs,
    lists_to_witness,
    remember_known,
    reproductions_awaiting_decision,
    visible_circulations,
    visible_copies,
    visible_destruction_lists,
    visible_inventories,
    visible_loans,
    visible_reproductions,
)
from documents.services.borrowing import check_approve_loan, check_hand_out_loan, check_return_loan
from documents.services.circulation import (
    check_approve_circulation,
    check_hand_out,
    check_mark_read,
    check_take_back,
)
from documents.services.copying import check_approve_reproduction, check_execute_reproduction
from documents.services.declassification import check_decide
from documents.services.destruction import (
    check_approve_destruction_list,
    check_confirm_witness,
    check_execute_destruction_list,
)
from documents.services.holds import Procedure, read_holds
from documents.services.inventory import check_sign_off
from inspections.models import RectificationStatus
from inspections.selectors import rectifications_owned_due, visible_rectifications
from inspections.services.self_inspection import check_close_rectification
from people.roles import Role
from people.selectors import role_grants_awaiting, units_where
from people.services.grants import check_confirm_role_grant, check_refuse_role_grant
from people.names import person_name

# Rows per section on the home page; the section links to its full list for the rest.
LIMIT = 20


@dataclass
class Action:
    label: str
    url: str
    reason: str = ""  # set: a one-click POST with this reason; empty: a link to the step's form
    primary: bool = False

    @property
    def is_post(self):
        return bool(self.reason)


@dataclass
class Row:
    key: str  # "circulation-12": the row's anchor, and the value a leader ticks to approve it
    kind: str
    label: str
    url: str
    title: str = ""
    document: object = None  # for the marking
    who: str = ""
    since: datetime | None = None
    due: date | None = None
    overdue: bool = False
    note: str = ""  # why a step is not offered, or where the item stands
    actions: list = field(default_factory=list)
    approvable: bool = False  # a leader may approve it with others at once (approve_several)


@dataclass
class Section:
    id: str
    title: str
    rows: list
    total: int
    more_url: str = ""
    bulk: bool = False  # rows carry a checkbox for approve_several

    @property
    def more(self):
        return self.total - len(self.rows)

    @property
    def approvable(self):
        """Whether any row may be ticked (the bulk form is shown only then)."""
        return self.bulk and any(row.approvable for row in self.rows)


def person(user) -> str:
    # The one way people are named (people.names), with nothing for nobody in an inbox cell.
    return "" if user is None else person_name(user)


def _total(rows, queryset):
    """The number of rows in all: counted only when the page shows fewer than there are."""
    return queryset.count() if len(rows) >= LIMIT else len(rows)


def _offer(check, target, user, action, *, known=None, **kwargs):
    """The action when the step's check lets this user take it now, else the reason it does not, as a note.

    `known`: the row's document, read through a visible_*(user) selector just now, so that the check's
    may_know(user, document) needs no query of its own (selectors.knowing).
    """
    if known is not None:
        remember_known(user, [known.pk])
    refusal = check(target, user, **kwargs)
    if refusal is None:
        return [action], ""
    return [], str(refusal.message)


ENTRIES = Prefetch(
    # The reader's personnel record too: handing out asks whether they signed the commitment.
    "entries", queryset=CirculationEntry.objects.select_related("reader__person").order_by("position"),
    to_attr="entry_list",
)


def _next_entry(circulation):
    return next((entry for entry in circulation.entry_list if entry.handed_out_at is None), None)


# The clerk ------------------------------------------------------------------------------------


def ready_to_hand_out(user):
    """Approved reading lists whose copy is in the registry (the next reader), and approved loans."""
    circulations = (
        circulations_under_way(user)
        .filter(copy__status=CopyStatus.IN_REGISTRY)
        .select_related("copy__document__registry__unit")
        .prefetch_related(ENTRIES)
    )
    shown = [(circulation, _next_entry(circulation)) for circulation in circulations[:LIMIT]]
    loans = (
        visible_loans(user)
        .filter(status=LoanStatus.APPROVED, copy__document__registry__in=registries_kept_by(user))
        .select_related("copy__document__registry__unit", "borrower__person")
        .order_by("due_on", "pk")
    )
    shown_loans = list(loans[:LIMIT])
    # One read of the holds for both kinds of row (the same holds stand in the way of both).
    read_holds(
        [circulation.copy for circulation, _entry in shown] + [loan.copy for loan in shown_loans],
        Procedure.CIRCULATE, Procedure.LEND,
    )
    known = known_pairs((entry.reader, circulation.copy.document) for circulation, entry in shown if entry)
    rows = []
    for circulation, entry in shown:
        if entry is None:
            continue
        copy = circulation.copy
        action = Action(
            _("Hand out to %(reader)s") % {"reader": person(entry.reader)},
            reverse("documents:circulation_hand_out", args=[circulation.pk]),
            reason=_("Handed over against signature"),
            primary=True,
        )
        actions, note = _offer(
            check_hand_out, circulation, user, action, known=copy.document, entries=circulation.entry_list,
            knows=lambda reader, document=copy.document: (reader.pk, document.pk) in known,
        )
        rows.append(
            Row(
                key=f"circulation-{circulation.pk}",
                kind=_("Reading list"),
                label=copy.label,
                url=reverse("documents:circulation_detail", args=[circulation.pk]),
                title=copy.document.title,
                document=copy.document,
                who=_("next: %(reader)s (%(n)d of %(of)d)")
                % {"reader": person(entry.reader), "n": entry.position, "of": len(circulation.entry_list)},
                since=circulation.decided_at,
                actions=actions,
                note=note,
            )
        )
    for loan in shown_loans:
        action = Action(
            _("Hand out to %(borrower)s") % {"borrower": person(loan.borrower)},
            reverse("documents:loan_hand_out", args=[loan.pk]),
            reason=_("Handed over against signature"),
            primary=True,
        )
        actions, note = _offer(check_hand_out_loan, loan, user, action, known=loan.copy.document)
        rows.append(
            Row(
                key=f"loan-{loan.pk}",
                kind=_("Loan"),
                label=loan.copy.label,
                url=reverse("documents:detail", args=[loan.copy.document_id]) + "#borrowing",
                title=loan.copy.document.title,
                document=loan.copy.document,
                who=person(loan.borrower),
                since=loan.decided_at,
                due=loan.due_on,
                actions=actions,
                note=note,
            )
        )
    total = _total(shown, circulations) + _total(shown_loans, loans)
    return Section("ready", _("Copies ready to hand out"), rows, total)


def copies_out(user):
    """Copies out of the registry now, overdue loans first, then the longest out; each with its way back."""
    today = timezone.localdate()
    open_loan = Loan.objects.filter(copy=OuterRef("pk"), status=LoanStatus.OUT)
    out_entry = CirculationEntry.objects.filter(
        circulation__copy=OuterRef("pk"), handed_out_at__isnull=False, returned_at__isnull=True
    )
    copies = (
        visible_copies(user)
        .filter(status__in=[CopyStatus.OUT, CopyStatus.ON_LOAN], document__registry__in=registries_kept_by(user))
        .select_related("document__registry__unit", "holder")
        .annotate(
            loan_id=Subquery(open_loan.values("pk")[:1]),
            due_on=Subquery(open_loan.values("due_on")[:1]),
            circulation_id=Subquery(out_entry.values("circulation_id")[:1]),
        )
        .annotate(is_overdue=Case(When(due_on__lt=today, then=Value(True)), default=Value(False)))
        .order_by("-is_overdue", "held_since", "pk")
    )
    shown = list(copies[:LIMIT])
    loans = Loan.objects.select_related("borrower").in_bulk([c.loan_id for c in shown if c.loan_id])
    circulations = (
        Circulation.objects.prefetch_related(ENTRIES).in_bulk([c.circulation_id for c in shown if c.circulation_id])
    )
    rows = []
    for copy in shown:
        actions, note = [], ""
        loan = loans.get(copy.loan_id)
        circulation = circulations.get(copy.circulation_id)
        if loan is not None:
            loan.copy = copy
            actions, note = _offer(
                check_return_loan, loan, user,
                Action(_("Take back and check"), reverse("documents:loan_return", args=[loan.pk])),
            )
            kind = _("Loan")
        elif circulation is not None:
            circulation.copy = copy
            actions, note = _offer(
                check_take_back, circulation, user,
                Action(
                    _("Take back from %(reader)s") % {"reader": person(copy.holder)},
                    reverse("documents:circulation_take_back", args=[circulation.pk]),
                    reason=_("Received back"),
                ),
                entries=circulation.entry_list,
            )
            kind = _("Reading list")
        else:
            kind = copy.get_status_display()
        rows.append(
            Row(
                key=f"copy-{copy.pk}",
                kind=kind,
                label=copy.label,
                url=reverse("documents:detail", args=[copy.document_id]),
                title=copy.document.title,
                document=copy.document,
                who=person(copy.holder),
                since=copy.held_since,
                due=copy.due_on,
                overdue=copy.is_overdue,
                actions=actions,
                note=note,
            )
        )
    return Section("out", _("Copies out now"), rows, _total(rows, copies), more_url=reverse("documents:loans"))


def reproductions_to_make(user):
    requests = (
        visible_reproductions(user)
        .filter(status=ReproductionStatus.APPROVED, source_copy__document__registry__in=registries_kept_by(user))
        .select_related("source_copy__document__registry__unit", "approved_by")
        .order_by("decided_at", "pk")
    )
    shown = list(requests[:LIMIT])
    read_holds([request.source_copy for request in shown], Procedure.COPY)
    rows = []
    for request in shown:
        copy = request.source_copy
        actions, note = _offer(
            check_execute_reproduction, request, user,
            Action(
                _("Make %(count)d (%(kind)s)") % {"count": request.count, "kind": request.get_kind_display().lower()},
                reverse("documents:reproduction_execute", args=[request.pk]),
                reason=_("Copies made, marked and registered"),
                primary=True,
            ),
        )
        rows.append(
            Row(
                key=f"reproduction-{request.pk}",
                kind=_("Copying"),
                label=copy.label,
                url=reverse("documents:detail", args=[copy.document_id]) + "#copying",
                title=copy.document.title,
                document=copy.document,
                who=_("approved by %(name)s") % {"name": person(request.approved_by)},
                since=request.decided_at,
                actions=actions,
                note=note,
            )
        )
    return Section("copying", _("Reproductions to make"), rows, _total(rows, requests))


def destruction_to_carry_out(user):
    lists = (
        visible_destruction_lists(user)
        .filter(status=DestructionStatus.APPROVED, registry__in=registries_kept_by(user))
        .order_by("decided_at", "pk")
    )
    shown = list(lists[:LIMIT])
    rows = []
    for dlist in shown:
        actions, note = _offer(
            check_execute_destruction_list, dlist, user,
            Action(_("Record the destruction"), reverse("documents:destruction_execute", args=[dlist.pk]), primary=True),
        )
        rows.append(
            Row(
                key=f"destruction-{dlist.pk}",
                kind=_("Destruction list"),
                label=dlist.label,
                url=reverse("documents:destruction_detail", args=[dlist.pk]),
                title=dlist.reason,
                who=_("approved by %(name)s") % {"name": person(dlist.approved_by)},
                since=dlist.decided_at,
                actions=actions,
                note=note,
            )
        )
    return Section("destruction", _("Destruction lists to carry out"), rows, _total(rows, lists),
                   more_url=reverse("documents:destruction_lists"))


def open_inventories(user):
    inventories = visible_inventories(user).filter(
        status=InventoryStatus.OPEN, registry__in=registries_kept_by(user)
    ).order_by("opened_at", "pk")
    shown = list(inventories[:LIMIT])
    rows = [
        Row(
            key=f"inventory-{inventory.pk}",
            kind=_("Inventory"),
            label=str(inventory.registry),
            url=reverse("documents:inventory", args=[inventory.pk]),
            title=inventory.purpose,
            who=person(inventory.opened_by),
            since=inventory.opened_at,
            actions=[Action(_("Continue the inventory"), reverse("documents:inventory", args=[inventory.pk]))],
        )
        for inventory in shown
    ]
    return Section("inventories", _("Open inventories"), rows, _total(rows, inventories),
                   more_url=reverse("documents:inventories"))


def incidents(user):
    queryset = open_incidents(user)
    shown = list(queryset[:LIMIT])
    rows = [
        Row(
            key=f"incident-{incident.pk}",
            kind=_("Loss incident"),
            label=incident.copy.label,
            url=reverse("documents:incident", args=[incident.pk]),
            title=incident.copy.document.title,
            document=incident.copy.document,
            who=person(incident.reported_by),
            since=incident.reported_at,
            actions=[Action(_("Follow up"), reverse("documents:incident", args=[incident.pk]))],
        )
        for incident in shown
    ]
    return Section("incidents", _("Open loss incidents"), rows, _total(rows, queryset),
                   more_url=reverse("documents:incidents"))


def consultations_to_decide(user, *, kind):
    """Reading-room requests this person decides: internal ones as a clerk, outside ones as a leader."""
    queryset = (
        awaiting_decision_by(user).filter(kind=kind).select_related("registry__unit", "person").order_by("requested_at", "pk")
    )
    shown = list(queryset[:LIMIT])
    rows = []
    for consultation in shown:
        url = reverse("archives:consultation", args=[consultation.pk])
        actions, note = _offer(check_approve_consultation, consultation, user, Action(_("Decide"), url))
        rows.append(
            Row(
                key=f"consultation-{consultation.pk}",
                kind=_("Archive consultation"),
                label=str(consultation.registry),
                url=url,
                title=consultation.purpose,
                who=consultation.reader_name,
                since=consultation.requested_at,
                actions=actions,
                note=note,
                approvable=not note,
            )
        )
    return rows, _total(rows, queryset)


def waiting_for_others(user):
    """What the clerk prepared and a leader has not decided yet: nothing to do but know it waits."""
    registries = registries_kept_by(user)
    waiting = gettext_lazy("Awaiting a leader's decision")
    circulations = (
        visible_circulations(user)
        .filter(status=CirculationStatus.PROPOSED, copy__document__registry__in=registries)
        .select_related("copy__document__registry__unit", "proposed_by")
        .order_by("proposed_at", "pk")
    )
    loans = (
        visible_loans(user)
        .filter(status=LoanStatus.REQUESTED, copy__document__registry__in=registries)
        .select_related("copy__document__registry__unit", "borrower")
        .order_by("requested_at", "pk")
    )
    requests = (
        visible_reproductions(user)
        .filter(status=ReproductionStatus.REQUESTED, source_copy__document__registry__in=registries)
        .select_related("source_copy__document__registry__unit", "requested_by")
        .order_by("requested_at", "pk")
    )
    lists = visible_destruction_lists(user).filter(status=DestructionStatus.SUBMITTED, registry__in=registries)
    rows, total = [], 0
    shown = list(circulations[:LIMIT])
    total += _total(shown, circulations)
    rows += [
        Row(key=f"circulation-{c.pk}", kind=_("Reading list"), label=c.copy.label, title=c.copy.document.title,
            document=c.copy.document, url=reverse("documents:circulation_detail", args=[c.pk]),
            who=person(c.proposed_by), since=c.proposed_at, note=str(waiting))
        for c in shown
    ]
    shown = list(loans[:LIMIT])
    total += _total(shown, loans)
    rows += [
        Row(key=f"loan-{loan.pk}", kind=_("Loan"), label=loan.copy.label, title=loan.copy.document.title,
            document=loan.copy.document, url=reverse("documents:detail", args=[loan.copy.document_id]) + "#borrowing",
            who=person(loan.borrower), since=loan.requested_at, due=loan.due_on, note=str(waiting))
        for loan in shown
    ]
    shown = list(requests[:LIMIT])
    total += _total(shown, requests)
    rows += [
        Row(key=f"reproduction-{r.pk}", kind=_("Copying"), label=r.source_copy.label,
            title=r.source_copy.document.title, document=r.source_copy.document,
            url=reverse("documents:detail", args=[r.source_copy.document_id]) + "#copying",
            who=person(r.requested_by), since=r.requested_at, note=str(waiting))
        for r in shown
    ]
    shown = list(lists.order_by("submitted_at", "pk")[:LIMIT])
    total += _total(shown, lists)
    rows += [
        Row(key=f"destruction-{d.pk}", kind=_("Destruction list"), label=d.label, title=d.reason,
            url=reverse("documents:destruction_detail", args=[d.pk]), who=person(d.prepared_by),
            since=d.submitted_at, note=str(waiting))
        for d in shown
    ]
    return Section("waiting", _("Waiting for someone else"), rows, total)


def clerk_consultations(user):
    rows, total = consultations_to_decide(user, kind=ConsultationKind.INTERNAL)
    for row in rows:
        row.approvable = False
    return Section("consultations", _("Reading-room requests to decide"), rows, total,
                   more_url=reverse("archives:index"))


# The leader -----------------------------------------------------------------------------------


def decisions(user):
    """Every decision waiting for this leader, oldest first within each kind; ticked rows are approved together."""
    rows = []
    total = 0
    circulations = circulations_awaiting_approval(user).select_related("copy__document__registry__unit")
    shown = list(circulations.prefetch_related(ENTRIES)[:LIMIT])
    read_holds([circulation.copy for circulation in shown], Procedure.CIRCULATE)
    total += _total(shown, circulations)
    for circulation in shown:
        # The decision form sends the leader back to the inbox (its `next`).
        url = reverse("documents:circulation_decide", args=[circulation.pk]) + "?" + urlencode({"next": "/#decisions"})
        copy = circulation.copy
        actions, note = _offer(check_approve_circulation, circulation, user, Action(_("Open the list"), url),
                               known=copy.document)
        rows.append(
            Row(
                key=f"circulation-{circulation.pk}", kind=_("Reading list"), label=copy.label, url=url,
                title=copy.document.title, document=copy.document,
                who=", ".join(person(entry.reader) for entry in circulation.entry_list),
                since=circulation.proposed_at, actions=actions, note=note, approvable=not note,
            )
        )
    loans = (
        loans_awaiting_decision(user)
        .select_related("copy__document__registry__unit", "borrower", "requested_by")
        .order_by("requested_at", "pk")
    )
    shown = list(loans[:LIMIT])
    read_holds([loan.copy for loan in shown], Procedure.LEND)
    total += _total(shown, loans)
    for loan in shown:
        url = reverse("documents:approvals") + f"#loan-{loan.pk}"
        actions, note = _offer(check_approve_loan, loan, user, Action(_("Decide"), url), known=loan.copy.document)
        rows.append(
            Row(
                key=f"loan-{loan.pk}", kind=_("Loan"), label=loan.copy.label, url=url,
                title=loan.copy.document.title, document=loan.copy.document,
                who=person(loan.borrower), since=loan.requested_at, due=loan.due_on,
                actions=actions, note=note, approvable=not note,
            )
        )
    requests = (
        reproductions_awaiting_decision(user)
        .select_related("source_copy__document__registry__unit", "requested_by")
        .order_by("requested_at", "pk")
    )
    shown = list(requests[:LIMIT])
    read_holds([request.source_copy for request in shown], Procedure.COPY)
    total += _total(shown, requests)
    for request in shown:
        url = reverse("documents:approvals") + f"#reproduction-{request.pk}"
        actions, note = _offer(check_approve_reproduction, request, user, Action(_("Decide"), url),
                               known=request.source_copy.document)
        copy = request.source_copy
        rows.append(
            Row(
                key=f"reproduction-{request.pk}", kind=_("Copying"), label=copy.label, url=url,
                title=copy.document.title, document=copy.document,
                who=_("%(count)d × %(kind)s, asked by %(name)s")
                % {"count": request.count, "kind": request.get_kind_display().lower(), "name": person(request.requested_by)},
                since=request.requested_at, actions=actions, note=note, approvable=not note,
            )
        )
    lists = destruction_lists_to_decide(user)
    shown = list(lists.order_by("submitted_at", "pk")[:LIMIT])
    total += _total(shown, lists)
    for dlist in shown:
        url = reverse("documents:destruction_detail", args=[dlist.pk])
        actions, note = _offer(check_approve_destruction_list, dlist, user, Action(_("Open the list"), url))
        rows.append(
            Row(
                key=f"destruction-{dlist.pk}", kind=_("Destruction list"), label=dlist.label, url=url,
                title=dlist.reason, who=person(dlist.prepared_by), since=dlist.submitted_at,
                actions=actions, note=note, approvable=not note,
            )
        )
    consultation_rows, consultation_total = consultations_to_decide(user, kind=ConsultationKind.OUTSIDE)
    rows += consultation_rows
    total += consultation_total
    return Section("decisions", _("Decisions for you"), rows, total, bulk=True)


def role_grants_to_confirm(user):
    """Roles an administrator gave in a unit this person leads (or, for an administrator, in a unit with no
    leader yet): they open nothing until confirmed here."""
    grants = role_grants_awaiting(user)
    shown = list(grants[:LIMIT])
    rows = []
    for grant in shown:
        confirm, note = _offer(
            check_confirm_role_grant, grant, user,
            Action(_("Confirm"), reverse("people:confirm_role_grant", args=[grant.pk]),
                   reason=_("Confirmed: the role is needed for this post"), primary=True),
        )
        refuse, _note = _offer(
            check_refuse_role_grant, grant, user,
            Action(_("Refuse"), reverse("people:refuse_role_grant", args=[grant.pk]), reason=_("Refused: not needed")),
        )
        rows.append(
            Row(
                key=f"grant-{grant.pk}", kind=_("Role"), label=person(grant.user),
                url=reverse("home") + f"#role-grants-grant-{grant.pk}",
                title=_("%(role)s in %(unit)s") % {"role": grant.get_role_display(), "unit": grant.unit},
                who=_("given by %(name)s: %(reason)s") % {"name": person(grant.granted_by), "reason": grant.reason},
                since=grant.granted_at, actions=confirm + refuse, note=note,
            )
        )
    return Section("role-grants", _("Roles to confirm"), rows, _total(rows, grants))


def overdue_loans_section(user):
    """Loans past their due date in the units this person leads: the clerk takes them back, the leader follows up."""
    loans = (
        overdue_loans(user)
        .filter(copy__document__registry__unit__in=units_where(user, Role.LEADER))
        .select_related("copy__document__registry__unit", "borrower")
        .order_by("due_on", "pk")
    )
    shown = list(loans[:LIMIT])
    rows = [
        Row(
            key=f"loan-{loan.pk}", kind=_("Loan"), label=loan.copy.label,
            url=reverse("documents:detail", args=[loan.copy.document_id]) + "#borrowing",
            title=loan.copy.document.title, document=loan.copy.document, who=person(loan.borrower),
            since=loan.handed_out_at, due=loan.due_on, overdue=True,
        )
        for loan in shown
    ]
    return Section("overdue", _("Overdue loans"), rows, _total(rows, loans),
                   more_url=reverse("documents:loans") + "?show=overdue")


def destruction_lists_to_decide(user):
    """Submitted lists of the units this person leads, that someone else prepared."""
    return (
        visible_destruction_lists(user)
        .filter(status=DestructionStatus.SUBMITTED, registry__unit__in=units_where(user, Role.LEADER))
        .exclude(prepared_by=user)
    )


def periods_to_decide(user):
    """Secrecy periods ending within the window (or ended): declassify, extend or change, one at a time."""
    documents = periods_ending(user, within_days=DEFAULT_WINDOW).filter(registry__unit__in=units_where(user, Role.LEADER))
    shown = list(documents[:LIMIT])
    today = timezone.localdate()
    rows = []
    for document in shown:
        actions, note = _offer(
            check_decide, document, user,
            Action(_("Declassify or change"), reverse("documents:classification_decide", args=[document.pk])),
            known=document,
        )
        rows.append(
            Row(
                key=f"document-{document.pk}", kind=_("Secrecy period"), label=document.registry_number,
                url=reverse("documents:detail", args=[document.pk]), title=document.title, document=document,
                due=document.period_ends_on, overdue=document.period_ends_on < today, actions=actions, note=note,
            )
        )
    return Section("periods", _("Secrecy periods ending"), rows, _total(rows, documents),
                   more_url=reverse("documents:periods_ending") + f"?days={DEFAULT_WINDOW}")


def decision_count(user) -> int:
    """How many decisions wait for this leader: the number in the navigation on every page.

    One query: the ids of each kind of waiting item, counted together.
    """
    parts = [
        circulations_awaiting_approval(user).order_by().values_list("pk", flat=True),
        loans_awaiting_decision(user).order_by().values_list("pk", flat=True),
        reproductions_awaiting_decision(user).order_by().values_list("pk", flat=True),
        destruction_lists_to_decide(user).order_by().values_list("pk", flat=True),
        awaiting_decision_by(user).filter(kind=ConsultationKind.OUTSIDE).order_by().values_list("pk", flat=True),
        role_grants_awaiting(user).order_by().values_list("pk", flat=True),
        periods_ending(user, within_days=DEFAULT_WINDOW)
        .filter(registry__unit__in=units_where(user, Role.LEADER))
        .order_by()
        .values_list("pk", flat=True),
        *(build(user) for build in APP_DECISIONS),
    ]
    return parts[0].union(*parts[1:], all=True).count()


# The reader -----------------------------------------------------------------------------------


def held_copies(user):
    """The copies this person holds: why (a reading list or a loan), since when, until when, and marking read."""
    open_loan = Loan.objects.filter(copy=OuterRef("pk"), status=LoanStatus.OUT, borrower=user)
    out_entry = CirculationEntry.objects.filter(
        circulation__copy=OuterRef("pk"), reader=user, handed_out_at__isnull=False, returned_at__isnull=True
    )
    copies = (
        copies_held_by(user)
        .select_related("document__registry__unit")
        .annotate(
            due_on=Subquery(open_loan.values("due_on")[:1]),
            on_loan=Exists(open_loan),
            circulation_id=Subquery(out_entry.values("circulation_id")[:1]),
        )
        .order_by("held_since", "pk")
    )
    shown = list(copies[:LIMIT])
    circulations = Circulation.objects.prefetch_related(ENTRIES).in_bulk(
        [copy.circulation_id for copy in shown if copy.circulation_id]
    )
    today = timezone.localdate()
    rows = []
    for copy in shown:
        actions, note, kind = [], "", copy.get_status_display()
        circulation = circulations.get(copy.circulation_id)
        if circulation is not None:
            circulation.copy = copy
            kind = _("Reading list")
            actions, note = _offer(
                check_mark_read, circulation, user,
                Action(_("Mark as read"), reverse("documents:circulation_mark_read", args=[circulation.pk]),
                       reason=_("Read"), primary=True),
                entries=circulation.entry_list,
            )
            if note:
                note = _("Return it to the secrecy clerk.")
        elif copy.on_loan:
            kind = _("Loan")
            note = _("Return it to the secrecy clerk by the due date.")
        rows.append(
            Row(
                key=f"copy-{copy.pk}", kind=kind, label=copy.label,
                url=reverse("documents:detail", args=[copy.document_id]), title=copy.document.title,
                document=copy.document, since=copy.held_since, due=copy.due_on,
                overdue=bool(copy.due_on and copy.due_on < today), actions=actions, note=note,
            )
        )
    return Section("held", _("Copies you hold"), rows, _total(rows, copies))


def destruction_to_witness(user):
    """Destructions this person is named witness of, recorded by the clerk, awaiting their own confirmation."""
    lists = lists_to_witness(user)
    shown = list(lists[:LIMIT])
    rows = []
    for dlist in shown:
        url = reverse("documents:destruction_witness", args=[dlist.pk])
        actions, note = _offer(check_confirm_witness, dlist, user, Action(_("Confirm as witness"), url, primary=True))
        rows.append(
            Row(
                key=f"witness-{dlist.pk}", kind=_("Destruction to witness"), label=dlist.label, url=url,
                title=_("%(place)s, %(date)s") % {"place": dlist.place, "date": dlist.executed_on.isoformat()},
                who=_("carried out by %(name)s") % {"name": person(dlist.executed_by)},
                actions=actions, note=note,
            )
        )
    return Section("witness", _("Destructions awaiting your confirmation as witness"), rows, _total(rows, lists))


# The inspector --------------------------------------------------------------------------------


def inventories_to_sign_off(user):
    inventories = visible_inventories(user).filter(
        status=InventoryStatus.CLOSED, registry__unit__in=units_where(user, Role.INSPECTOR)
    ).order_by("closed_at", "pk")
    shown = list(inventories[:LIMIT])
    rows = []
    for inventory in shown:
        url = reverse("documents:inventory", args=[inventory.pk])
        actions, note = _offer(check_sign_off, inventory, user, Action(_("Review and sign off"), url, primary=True))
        rows.append(
            Row(
                key=f"inventory-{inventory.pk}", kind=_("Inventory"), label=str(inventory.registry), url=url,
                title=inventory.purpose, who=person(inventory.closed_by), since=inventory.closed_at,
                actions=actions, note=note,
            )
        )
    return Section("sign-off", _("Inventories to sign off"), rows, _total(rows, inventories),
                   more_url=reverse("documents:inventories"))


def rectifications_due(user):
    """Open rectification items of the units this person inspects, the soonest deadline first."""
    items = (
        visible_rectifications(user)
        .filter(status=RectificationStatus.OPEN)
        .select_related("self_inspection__unit", "owner")
        .order_by("deadline", "pk")
    )
    shown = list(items[:LIMIT])
    today = timezone.localdate()
    rows = [
        Row(
            key=f"rectification-{item.pk}", kind=_("Rectification"), label=str(item.self_inspection.unit),
            url=reverse("inspections:detail", args=[item.self_inspection_id]), title=item.problem,
            who=person(item.owner), due=item.deadline, overdue=item.deadline < today,
            actions=[Action(_("Open the self-inspection"), reverse("inspections:detail", args=[item.self_inspection_id]))],
        )
        for item in shown
    ]
    return Section("rectifications", _("Rectification items due"), rows, _total(rows, items),
                   more_url=reverse("inspections:list"))


def my_rectifications(user):
    """Rectification items this person owns, once their deadline is near or past: whoever they are."""
    items = rectifications_owned_due(user)
    shown = list(items[:LIMIT])
    today = timezone.localdate()
    rows = []
    for item in shown:
        url = reverse("inspections:detail", args=[item.self_inspection_id]) + f"#rectification-{item.pk}"
        actions, note = _offer(check_close_rectification, item, user, Action(_("Say what was done and close"), url, primary=True))
        rows.append(
            Row(
                key=f"rectification-{item.pk}", kind=_("Rectification"), label=str(item.self_inspection), url=url,
                title=item.problem, due=item.deadline, overdue=item.deadline < today, actions=actions, note=note,
            )
        )
    return Section("my-rectifications", _("Your rectification items"), rows, _total(rows, items))


# Which sections each role gets, in the order the home page shows them.
SECTIONS = {
    Role.LEADER: (decisions, role_grants_to_confirm, periods_to_decide, overdue_loans_section),
    Role.CLERK: (
        ready_to_hand_out,
        copies_out,
        reproductions_to_make,
        destruction_to_carry_out,
        open_inventories,
        clerk_consultations,
        incidents,
        waiting_for_others,
    ),
    Role.INSPECTOR: (inventories_to_sign_off, rectifications_due),
    Role.ADMINISTRATOR: (role_grants_to_confirm,),
}


# Sections other apps add (in their AppConfig.ready()), after the role's own: documents imports none of them.
APP_SECTIONS = {Role.LEADER: [], Role.CLERK: [], Role.INSPECTOR: [], Role.ADMINISTRATOR: [], Role.READER: []}


# Decisions other apps add to the leader's count: `build(user)` gives the ids waiting, `.values_list("pk", flat=True)`.
APP_DECISIONS = []


def register_decision_count(build):
    if build not in APP_DECISIONS:
        APP_DECISIONS.append(build)


def register_section(role, build):
    if build not in APP_SECTIONS[role]:
        APP_SECTIONS[role].append(build)


def inbox(user, roles):
    """The sections of this person's inbox: theirs by role, each once, and always the copies they hold."""
    builds = []
    for role in (Role.LEADER, Role.CLERK, Role.INSPECTOR, Role.ADMINISTRATOR, Role.READER):
        if role in roles:
            builds += [build for build in (*SECTIONS.get(role, ()), *APP_SECTIONS[role]) if build not in builds]
    if Role.INSPECTOR in roles and Role.CLERK not in roles:
        builds.append(incidents)
    builds.append(held_copies)
    builds.append(my_rectifications)
    with knowing():
        sections = [build(user) for build in builds]
        # Anyone may be named a witness; the section shows only when something awaits them.
        witnessing = destruction_to_witness(user)
        return ([witnessing] if witnessing.rows else []) + sections
