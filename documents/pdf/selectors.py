"""The rows of each printed ledger, one selector per ledger.

Every selector starts from documents.selectors (visible_copies,
visible_documents, document_history), so a PDF never shows a row its reader
could not see on screen. Each returns plain dicts with a `level` key (the
classification rank the row reveals, None for rows about people or units):
the renderer prints the banner of the highest.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import get_language, gettext as _, gettext_lazy

from documents.levels import marking
from documents.models import Copy, Document, DocumentGroupObjectPermission, DocumentUserObjectPermission, Registry
from documents.punctuation import labelled
from documents.reasons import shown_reason
from documents.selectors import document_history, visible_copies, visible_documents
from documents.whereabouts import annotate_whereabouts
from people.models import Membership, Person, Unit
from people.names import person_name

TYPE_LABELS = {"+": gettext_lazy("Created"), "~": gettext_lazy("Changed"), "-": gettext_lazy("Removed")}


def _person(user):
    return person_name(user)


# ---------------------------------------------------------------- registration ledger

def registration_copies(user, *, registry, date_from=None, date_to=None):
    """The copies of `registry` registered between the two dates (inclusive) that `user` may see."""
    copies = visible_copies(user).filter(document__registry=registry)
    if date_from:
        copies = copies.filter(document__created_at__date__gte=date_from)
    if date_to:
        copies = copies.filter(document__created_at__date__lte=date_to)
    return copies


def registration_ledger_rows(user, *, registry, date_from=None, date_to=None):
    copies = (
        registration_copies(user, registry=registry, date_from=date_from, date_to=date_to)
        .select_related("document__received_from_registry__unit", "holder", "location")
        .order_by("document__year", "document__serial", "document_id", "number")
    )
    language = get_language() or "en"
    rows = []
    for copy in _with_whereabouts(copies.iterator(chunk_size=2000)):
        document = copy.document
        rows.append(
            {
                "level": document.level,
                "period": document.secrecy_period_years,
                "registry_number": document.registry_number,
                "copy_number": copy.number,
                "copies_count": document.copies_count,
                "reproduction": copy.source_copy_id is not None,
                "reference_number": document.reference_number,
                "title": document.title,
                "marking": marking(document.level, document.secrecy_period_years, language),
                "originating_organ": document.originating_organ,
                "date_classified": document.date_classified,
                "registered_on": timezone.localdate(document.created_at),
                "status": copy.get_status_display(),
                # A copy with another unit is held by no one here: where it is instead (documents.whereabouts).
                "holder": _person(copy.holder) if copy.holder_id else copy.whereabouts,
                "sender_copy_number": document.copy_numbers_from_sender,
                "received": _receipt(document),
                "location": str(copy.location) if copy.location_id else "",
            }
        )
    return rows


def _receipt(document):
    """An incoming document's receipt in one cell: "2026-11-30, from the Finance Division (their CWC-2026-00012)"."""
    if document.received_on is None:
        return ""
    sender = document.received_from_registry.unit.name if document.received_from_registry_id else document.received_from_organ
    text = document.received_on.isoformat()
    if sender:
        text = _("%(date)s, from %(sender)s") % {"date": text, "sender": sender}
    if document.sender_registry_number:
        text = _("%(receipt)s (their %(number)s)") % {"receipt": text, "number": document.sender_registry_number}
    if document.delivered_by:
        text = _("%(receipt)s, delivered by %(person)s") % {"receipt": text, "person": document.delivered_by}
    return text


def _with_whereabouts(copies, size=2000):
    """The copies, each with its `whereabouts`, asked of the apps a batch at a time."""
    batch = []
    for copy in copies:
        batch.append(copy)
        if len(batch) == size:
            yield from annotate_whereabouts(batch)
            batch = []
    yield from annotate_whereabouts(batch)


# ---------------------------------------------------------------- document history ledger

def history_ledger_rows(document):
    """Every history row of the document, its copies and its scope, oldest first.

    A document row carries the level it had then, so a document downgraded
    since is printed under the banner of its highest level ever.
    """
    rows = []
    for entry in reversed(document_history(document)):
        row = entry["row"]
        level, period = (
            (row.level, row.secrecy_period_years) if entry["kind"] == "document"
            else (document.level, document.secrecy_period_years)
        )
        rows.append(
            {
                "level": level,
                "period": period,
                "when": timezone.localtime(row.history_date),
                "who": _person(row.history_user),
                "what": _entry_label(entry),
                "subject": _scope_subject(row) if entry["kind"] == "scope" else entry["subject"],
                # document_history has already made them readable (labels, names); describing them
                # again would read a holder's name as a user id.
                "changes": [(label, _or_dash(old), _or_dash(new)) for label, old, new in entry["changes"]],
                "reason": shown_reason(row.history_change_reason),
            }
        )
    return rows


def _or_dash(value):
    return "—" if value is None or value == "" else value


def _scope_subject(row):
    if getattr(row, "user_id", None):
        return _person(row.user)
    unit = getattr(row.group, "unit", None) if getattr(row, "group_id", None) else None
    return str(unit or getattr(row, "group", ""))


def _entry_label(entry):
    if entry["kind"] == "scope":
        return {"+": _("Added to scope"), "-": _("Removed from scope")}.get(entry["type"], _("Scope changed"))
    noun = _("Document") if entry["kind"] == "document" else _("Copy")
    return labelled(noun, TYPE_LABELS.get(entry["type"], entry["type"]))


# ---------------------------------------------------------------- audit ledger

def audit_period_bounds(date_from, date_to):
    """[start, end) as aware datetimes in the local time zone; both dates are included."""
    start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min))
    return start, end


class AuditScope:
    """What an inspector's audit ledger covers: the units and the documents of their registries."""

    def __init__(self, user, units):
        self.user = user
        self.unit_ids = [unit.pk for unit in units]
        self.documents = visible_documents(user).filter(registry__unit__in=self.unit_ids)
        self._documents = None

    @property
    def document_ids(self):
        return self.documents.values("pk")

    def document(self, pk):
        """(registry number, current level) of one covered document, loaded once for all."""
        if self._documents is None:
            self._documents = {
                pk: (number, level) for pk, number, level in self.documents.values_list("pk", "registry_number", "level")
            }
        return self._documents.get(pk, ("?", None))


def _document_source(scope):
    return Document.history.filter(id__in=scope.document_ids), lambda row: (
        f"{_('Document')} {row.registry_number}",
        row.level,
    )


def _copy_source(scope):
    def label(row):
        number, level = scope.document(row.document_id)
        return f"{_('Copy')} {number} / {row.number}", level

    return Copy.history.filter(document_id__in=scope.document_ids), label


def _user_grant_source(scope):
    def label(row):
        number, level = scope.document(row.content_object_id)
        return labelled(f"{_('Knowledge scope of')} {number}", _person(row.user) if row.user_id else "?"), level

    return DocumentUserObjectPermission.history.filter(content_object_id__in=scope.document_ids).select_related("user"), label


def _group_grant_source(scope):
    def label(row):
        number, level = scope.document(row.content_object_id)
        unit = getattr(row.group, "unit", None) if row.group_id else None
        return labelled(f"{_('Knowledge scope of')} {number}", unit or row.group), level

    return (
        DocumentGroupObjectPermission.history.filter(content_object_id__in=scope.document_ids).select_related("group__unit"),
        label,
    )


def _unit_source(scope):
    return Unit.history.filter(id__in=scope.unit_ids), lambda row: (f"{_('Unit')} {row.name}", None)


def _registry_source(scope):
    return Registry.history.filter(unit_id__in=scope.unit_ids), lambda row: (f"{_('Registry')} {row.code}", None)


def _membership_source(scope):
    def label(row):
        return labelled(f"{_('Role')} {row.get_role_display()}", f"{_person(row.user)} · {row.unit}"), None

    return Membership.history.filter(unit_id__in=scope.unit_ids).select_related("user", "unit"), label


def _person_source(scope):
    members = Membership.history.filter(unit_id__in=scope.unit_ids).values("user_id")
    return Person.history.filter(user_id__in=members).select_related("user"), lambda row: (
        f"{_('Person')} {_person(row.user)}",
        None,
    )


# Each source gives the history rows of one tracked model within an inspector's
# scope and how to label a row (text, level). A new procedure with its own
# tracked model (loans, circulations, destructions...) adds its source here.
AUDIT_SOURCES = [
    _document_source,
    _copy_source,
    _user_grant_source,
    _group_grant_source,
    _unit_source,
    _registry_source,
    _membership_source,
    _person_source,
]


def audit_row_count(scope, start, end):
    return sum(
        source(scope)[0].filter(history_date__gte=start, history_date__lt=end).count() for source in AUDIT_SOURCES
    )


def audit_ledger_rows(scope, start, end):
    """Every history row in the scope in [start, end), in time order, with what changed against the row before."""
    describer = _ValueDescriber()
    collected = []
    for order, source in enumerate(AUDIT_SOURCES):
        history, label = source(scope)
        rows = list(
            history.filter(history_date__gte=start, history_date__lt=end)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        previous = {}
        for row in rows:
            before = previous.get(row.id)
            if before is None and row.history_type == "~":
                before = row.prev_record  # one query per object, only for its first change in the period
            changes = []
            if before is not None and row.history_type == "~":
                changes = [(c.field, c.old, c.new) for c in row.diff_against(before).changes]
            previous[row.id] = row
            text, level = label(row)
            collected.append(
                (
                    row.history_date,
                    order,
                    row.history_id,
                    {
                        "level": level,
                        "when": timezone.localtime(row.history_date),
                        "who": _person(row.history_user),
                        "what": labelled(text, TYPE_LABELS.get(row.history_type, row.history_type)),
                        "changes": describer.changes(row.instance_type, changes),
                        "reason": shown_reason(row.history_change_reason),
                    },
                )
            )
    collected.sort(key=lambda item: item[:3])
    return [item[3] for item in collected]


# ---------------------------------------------------------------- values as a reader understands them

class _ValueDescriber:
    """Turns (field, old, new) of a history diff into labels: choices by their name, people by their name."""

    def __init__(self):
        self._people = {}

    def changes(self, model, changes):
        return [(self._label(model, name), self._value(model, name, old), self._value(model, name, new))
                for name, old, new in changes]

    def _field(self, model, name):
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    def _label(self, model, name):
        field = self._field(model, name)
        return str(field.verbose_name) if field is not None else name.replace("_", " ")

    def _value(self, model, name, value):
        if value is None or value == "":
            return "—"
        field = self._field(model, name)
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field is not None and field.many_to_one and field.related_model is get_user_model():
            if value not in self._people:
                self._people[value] = _person(get_user_model().objects.filter(pk=value).first())
            return self._people[value]
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)
