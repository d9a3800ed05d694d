"""What a person is shown of their notifications: read from each object, through their own visible selectors.

Nothing of an object is stored in the notification; when it is shown, the
object is read through visible_*(person) (one query per kind of object on
the page). An object the person may no longer see shows no label, title or
link, only that there was something.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from archives.models import Consultation
from archives.selectors import visible_consultations
from documents.models import Circulation, DestructionList, Document, Incident, Loan, ReproductionRequest
from documents.selectors import (
    visible_circulations,
    visible_destruction_lists,
    visible_documents,
    visible_loans,
    visible_reproductions,
)
from inspections.models import Rectification
from inspections.selectors import visible_rectifications
from notifications.models import Kind
from people.models import RoleGrant
from people.names import person_name
from people.selectors import visible_role_grants
from review.models import ClassificationProposal
from review.selectors import visible_proposals
from registers.selectors import visible_incidents


@dataclass
class Shown:
    notification: object
    text: str
    title: str = ""  # the object's title, when the person may see it
    url: str = ""
    visible: bool = True

    @property
    def pk(self):
        return self.notification.pk

    @property
    def unread(self):
        return self.notification.read_at is None


def _day(value):
    return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT") if value else ""


def _moment(value):
    return date_format(timezone.localtime(datetime.datetime.fromisoformat(value)), "DATE_FORMAT") if value else ""


def _loan(loan, n, user):
    copy = loan.copy
    if loan.borrower_id == user.pk:
        text = _("Your loan of %(copy)s was due back on %(date)s.")
    else:
        text = _("The loan of %(copy)s was due back on %(date)s.")
    url = reverse("documents:detail", args=[copy.document_id]) + "#borrowing"
    return text % {"copy": copy.label, "date": _day(n.params.get("due_on"))}, copy.document.title, url


def _document(document, n, user):
    ends = n.params.get("ends_on")
    if ends and datetime.date.fromisoformat(ends) < timezone.localdate():
        text = _("The secrecy period of %(number)s ended on %(date)s: decide whether to declassify or extend it.")
    else:
        text = _("The secrecy period of %(number)s ends on %(date)s.")
    url = reverse("documents:detail", args=[document.pk]) + "#classification-panel"
    return text % {"number": document.registry_number, "date": _day(ends)}, document.title, url


def _waiting(what, label, n):
    return _("%(what)s %(label)s has waited for your decision since %(date)s.") % {
        "what": what, "label": label, "date": _moment(n.params.get("since"))}


def _circulation(circulation, n, user):
    copy = circulation.copy
    return (_waiting(_("Reading list for"), copy.label, n), copy.document.title,
            reverse("documents:circulation_decide", args=[circulation.pk]))


def _loan_request(loan, n, user):
    return (_waiting(_("Loan request for"), loan.copy.label, n), loan.copy.document.title,
            reverse("documents:approvals") + f"#loan-{loan.pk}")


def _reproduction(request, n, user):
    copy = request.source_copy
    return (_waiting(_("Copying request for"), copy.label, n), copy.document.title,
            reverse("documents:approvals") + f"#reproduction-{request.pk}")


def _destruction(dlist, n, user):
    return (_waiting(_("Destruction list"), dlist.label, n), dlist.reason,
            reverse("documents:destruction_detail", args=[dlist.pk]))


def _consultation(consultation, n, user):
    return (_waiting(_("Archive consultation at"), str(consultation.registry), n), consultation.purpose,
            reverse("archives:consultation", args=[consultation.pk]))


def _proposal(proposal, n, user):
    return (_waiting(_("Classification proposal"), proposal.label, n), proposal.title,
            reverse("review:detail", args=[proposal.pk]))


def _role_grant(grant, n, user):
    what = _("The role of %(role)s for %(person)s in") % {"role": grant.get_role_display(), "person": person_name(grant.user)}
    return _waiting(what, str(grant.unit), n), "", reverse("home") + f"#role-grants-grant-{grant.pk}"


def _rectification(item, n, user):
    text = _("Your rectification item from %(inspection)s is due on %(date)s.") % {
        "inspection": item.self_inspection, "date": _day(n.params.get("deadline"))}
    url = reverse("inspections:detail", args=[item.self_inspection_id]) + f"#rectification-{item.pk}"
    return text, item.problem, url


def _incident(incident, n, user):
    late = n.params.get("late", [])
    if "bureau" in late:
        text = _("The incident discovered on %(date)s (%(kind)s) was not reported to the secrecy bureau within 24 hours.")
    else:
        text = _("The investigation of the incident discovered on %(date)s (%(kind)s) has no result 3 months on.")
    text = text % {"kind": incident.get_kind_display(), "date": _moment(n.params.get("discovered_at"))}
    return text, incident.unit.name, reverse("registers:incident", args=[incident.pk])


# For each kind of object: how to read it for a person, and what to say of it.
TARGETS = {
    Loan: (lambda user: visible_loans(user).select_related("copy__document"), {
        Kind.LOAN_OVERDUE: _loan, Kind.APPROVAL_WAITING: _loan_request}),
    Document: (lambda user: visible_documents(user), {Kind.PERIOD_ENDING: _document}),
    Circulation: (lambda user: visible_circulations(user).select_related("copy__document"), {
        Kind.APPROVAL_WAITING: _circulation}),
    ReproductionRequest: (lambda user: visible_reproductions(user).select_related("source_copy__document"), {
        Kind.APPROVAL_WAITING: _reproduction}),
    DestructionList: (lambda user: visible_destruction_lists(user), {Kind.APPROVAL_WAITING: _destruction}),
    Consultation: (lambda user: visible_consultations(user).select_related("registry"), {
        Kind.APPROVAL_WAITING: _consultation}),
    ClassificationProposal: (lambda user: visible_proposals(user), {Kind.APPROVAL_WAITING: _proposal}),
    RoleGrant: (lambda user: visible_role_grants(user), {Kind.APPROVAL_WAITING: _role_grant}),
    Rectification: (lambda user: visible_rectifications(user).select_related("self_inspection__unit"), {
        Kind.RECTIFICATION_DUE: _rectification}),
    Incident: (visible_incidents, {Kind.INCIDENT_OVERDUE: _incident}),
}


def shown(user, notifications):
    """Each notification as this person is shown it, in the order given."""
    notifications = list(notifications)
    wanted = {}
    for n in notifications:
        wanted.setdefault(n.content_type_id, set()).add(n.object_id)
    objects = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model in TARGETS:
            read, _texts = TARGETS[model]
            objects[content_type_id] = read(user).in_bulk(ids)
    rows = []
    for n in notifications:
        obj = objects.get(n.content_type_id, {}).get(n.object_id)
        model = ContentType.objects.get_for_id(n.content_type_id).model_class()
        describe = TARGETS.get(model, (None, {}))[1].get(n.kind)
        if obj is None or describe is None:
            rows.append(Shown(n, _("Something you can no longer see: it is not in your scope any more."), visible=False))
            continue
        text, title, url = describe(obj, n, user)
        rows.append(Shown(n, text, title=title, url=url))
    return rows
