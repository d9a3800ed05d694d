"""Printed archive registers: one volume's catalogue (卷内目录) and the reading-room log (阅览登记)."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language, gettext as _, gettext_lazy

from archives.selectors import reading_room_log, registries_with_archives, visible_volumes, volume_catalogue
from documents.levels import marking
from documents.pdf.ledgers import Ledger
from documents.punctuation import listing
from documents.selectors import OFFICE_ROLES
from documents.services.errors import NotPermitted
from people.names import person_name
from people.selectors import has_any_role


def _person(user):
    return person_name(user) if user else ""


def catalogue_rows(volume, user):
    language = get_language() or "en"
    rows = []
    for filed in volume_catalogue(volume, user):
        document = filed.copy.document
        rows.append(
            {
                "level": filed.level,
                "period": document.secrecy_period_years,
                "item_number": filed.item_number,
                "registry_number": document.registry_number,
                "copy_number": filed.copy.number,
                "title": document.title,
                "reference_number": document.reference_number,
                "marking": marking(document.level, document.secrecy_period_years, language),
                "pages": document.pages,
                "status": filed.copy.get_status_display(),
                "filed": f"{timezone.localtime(filed.filed_at):%Y-%m-%d} · {_person(filed.filed_by)}",
            }
        )
    return rows


def volume_catalogue_ledger(user, params) -> Ledger:
    volume = get_object_or_404(visible_volumes(user).select_related("registry__unit"), pk=params["volume"])
    unit = volume.registry.unit
    if not has_any_role(user, OFFICE_ROLES, unit):
        raise NotPermitted(_("Only a secrecy clerk or an inspector of %(unit)s prints a volume's catalogue.") % {"unit": unit})
    rows = catalogue_rows(volume, user)
    return Ledger.of_rows(
        unit,
        rows,
        kind="volume_catalogue",
        template="archives/pdf/volume_catalogue.html",
        name=gettext_lazy("Archive volume catalogue"),
        range=f"{volume.volume_number} · {volume.year}",
        filters={"volume": volume.pk, "volume_number": volume.volume_number},
        extra={"volume": volume},
    )


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def log_rows(sessions):
    return [
        {
            "level": session.level,
            "time_in": timezone.localtime(session.time_in),
            "time_out": timezone.localtime(session.time_out) if session.time_out else None,
            "reader": session.consultation.reader_name,
            "outside": session.consultation.is_outside,
            "identity": session.consultation.visitor_identity,
            "letter": session.consultation.letter_number,
            "kind": session.consultation.get_kind_display(),
            "volumes": listing(volume.volume_number for volume in session.volumes.all()),
            "clerk": _person(session.supervising_clerk),
            "closed_by": _person(session.closed_by),
        }
        for session in sessions
    ]


def reading_room_ledger(user, params) -> Ledger:
    registries = registries_with_archives(user)
    if not registries.exists():
        raise NotPermitted(_("Only a secrecy clerk or an inspector prints the reading-room log."))
    registry = get_object_or_404(registries, pk=params["registry"]) if params.get("registry") else None
    since, until = _date(params.get("since")), _date(params.get("until"))
    sessions = reading_room_log(user, registry=registry, since=since, until=until)
    units = sorted({r.unit for r in ([registry] if registry else registries.select_related("unit"))}, key=lambda u: u.name)
    period = " – ".join(value.isoformat() if value else "…" for value in (since, until)) if since or until else _("all dates")
    return Ledger(
        kind="reading_room_log",
        template="archives/pdf/reading_room_log.html",
        name=gettext_lazy("Reading-room log"),
        unit=listing(units),
        range=f"{registry.code} · {period}" if registry else period,
        filters={"registry": registry.pk if registry else None, "since": params.get("since"), "until": params.get("until")},
        unit_ids=[unit.pk for unit in units],
        count=sessions.count(),
        load_rows=lambda: log_rows(sessions),
    )
