"""Disclosure review (信息公开保密审查) and data given outside (对外提供).

An item the unit means to publish is entered by a clerk or a leader of the unit with the person who reviews it;
the review's decision is recorded (by a keeper or by the reviewer), and only then the release: reviewed before
release. A refused item is never released. Data or material given to an outside unit is recorded with the
receiving unit's introduction letter and the leader of the unit who approved it. Nothing is deleted: an entry is
corrected or withdrawn, each change with its actor and reason.
"""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.selectors import eligible_custodians
from documents.services.errors import InvalidInput, InvalidState, NotPermitted, first_refusal, raise_if
from documents.services.recording import require_reason, stamp, visible_text
from people.names import person_name
from people.selectors import has_role
from registers.models import Channel, Decision, Provision, Publication
from registers.selectors import KEEPERS, unit_leaders
from registers.services.entries import correct_entry, lock_entry, save_entry, withdraw_entry

PUBLICATION_FIELDS = ("title", "channel", "submitted_by", "submitter", "reviewer")
PROVISION_FIELDS = ("recipient", "letter_number", "purpose", "sealed", "approved_by", "description", "copies",
                    "provided_on")


def keeper_refusal(user, unit):
    if not any(has_role(user, role, unit) for role in KEEPERS):
        return NotPermitted(_("Only a secrecy clerk or a leader of %(unit)s keeps its register of disclosure review.")
                            % {"unit": unit})
    return None


def _withdrawn_refusal(entry):
    if not entry.in_use:
        return InvalidState(_("This entry was withdrawn on %(date)s; its record is final.")
                            % {"date": entry.withdrawn_on.isoformat()})
    return None


def _no_twin(unit):
    # Publications and provisions have no name to be unique; save_entry asks for the message all the same.
    return _("Someone else changed this at the same moment; reload and try again.")


# --- Items to be published ----------------------------------------------------------------------------------


def check_submit_publication(unit, user):
    return keeper_refusal(user, unit)


def check_correct_publication(publication, user):
    return first_refusal(keeper_refusal(user, publication.unit), _withdrawn_refusal(publication))


def check_withdraw_publication(publication, user):
    released = None
    if publication.released_on:
        released = InvalidState(_("The item was released on %(date)s; a release is not withdrawn, correct the entry "
                                  "instead.") % {"date": publication.released_on.isoformat()})
    return first_refusal(check_correct_publication(publication, user), released)


def check_record_decision(publication, user):
    if not (publication.reviewer_id == user.pk or any(has_role(user, role, publication.unit) for role in KEEPERS)):
        return NotPermitted(_("The reviewer, or a secrecy clerk or a leader of %(unit)s, records the review's decision.")
                            % {"unit": publication.unit})
    decided = None
    if publication.decided:
        decided = InvalidState(_("The review's decision is already recorded: %(decision)s on %(date)s.") % {
            "decision": publication.get_decision_display(), "date": publication.decided_on.isoformat()})
    return first_refusal(_withdrawn_refusal(publication), decided)


def check_record_release(publication, user):
    state = None
    if publication.released_on:
        state = InvalidState(_("The item was released on %(date)s.") % {"date": publication.released_on.isoformat()})
    elif publication.decision == Decision.REFUSED:
        state = InvalidState(_("The review decided the item may not be published; it is never released."))
    elif not publication.approved:
        state = InvalidState(_("The item is reviewed before release: record the review's decision first."))
    return first_refusal(keeper_refusal(user, publication.unit), _withdrawn_refusal(publication), state)


def reviewers(*units):
    """Who may review an item of `units` for secrets: an active person of the unit in a secret-related role."""
    return eligible_custodians(*units)


def _names_of(user):
    return {visible_text(name).casefold() for name in (user.get_username(), user.get_full_name(), person_name(user))
            if visible_text(name)}


def _cleaned_publication(fields, *, unit, publication=None):
    values = {name: fields.get(name, getattr(publication, name, None) if publication else None)
              for name in PUBLICATION_FIELDS}
    errors = {}
    values["title"], values["submitted_by"] = visible_text(values["title"]), visible_text(values["submitted_by"])
    if not values["title"]:
        errors["title"] = [_("Give the title or subject of the item to be published.")]
    if values["channel"] not in Channel.values:
        errors["channel"] = [_("Say where it is to be published: website, press, report or other.")]
    if not values["submitted_by"]:
        errors["submitted_by"] = [_("Say which department or person submitted the item.")]
    submitter, reviewer = values["submitter"], values["reviewer"]
    people = reviewers(unit)
    if submitter is not None and not unit_people(unit).filter(pk=submitter.pk).exists():
        errors["submitter"] = [_("Pick an active person of %(unit)s, or leave it empty for a department.") % {"unit": unit}]
    if reviewer is None or not people.filter(pk=reviewer.pk).exists():
        errors["reviewer"] = [_("Pick the reviewer: an active person of %(unit)s in a secret-related role.") % {"unit": unit}]
    elif (submitter is not None and submitter.pk == reviewer.pk) or values["submitted_by"].casefold() in _names_of(reviewer):
        errors["reviewer"] = [_("The reviewer cannot be the one who submitted the item; pick someone else.")]
    if errors:
        raise InvalidInput(errors)
    return values


def unit_people(*units):
    """The active people of `units`, whatever their role: who may submit an item of the unit."""
    from django.contrib.auth import get_user_model

    return (get_user_model().objects.filter(is_active=True, memberships__unit__in=list(units)).distinct()
            .order_by("username"))


def submit_publication(*, unit, by, reason, **fields) -> Publication:
    """Enter an item to be published, with the person who reviews it; it waits for the review's decision."""
    reason = require_reason(reason)
    raise_if(check_submit_publication(unit, by))
    return save_entry(Publication(unit=unit, **_cleaned_publication(fields, unit=unit)), by=by, reason=reason,
                      twin_message=_no_twin)


def correct_publication(*, publication, by, reason, **fields) -> Publication:
    reason = require_reason(reason)
    with transaction.atomic():
        publication = lock_entry(publication)
        raise_if(check_correct_publication(publication, by))
        return correct_entry(publication, _cleaned_publication(fields, unit=publication.unit, publication=publication),
                             by=by, reason=reason, twin_message=_no_twin)


def record_decision(*, publication, by, decision, decided_on, changes="", reason) -> Publication:
    """The review's decision: may be published, may be published after the changes it names, or may not be."""
    reason = require_reason(reason)
    changes = visible_text(changes)
    errors = {}
    if decision not in Decision.values:
        errors["decision"] = [_("Choose the review's decision.")]
    elif decision == Decision.WITH_CHANGES and not changes:
        errors["changes"] = [_("Say which changes the review requires before the item is published.")]
    if decided_on is None or decided_on > timezone.localdate():
        errors["decided_on"] = [_("A decision is recorded once taken: the date cannot be after today.")]
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        publication = lock_entry(publication)
        raise_if(check_record_decision(publication, by))
        publication.decision, publication.decided_on = decision, decided_on
        publication.changes = changes if decision == Decision.WITH_CHANGES else ""
        stamp(publication, by=by, reason=reason).save()
    return publication


def record_release(*, publication, by, released_on, reason) -> Publication:
    """The item was published on `released_on`: after an approving decision, and not dated before it."""
    reason = require_reason(reason)
    with transaction.atomic():
        # Locked, so that a release and a withdrawal (or a second release) at the same moment are one after the other.
        publication = lock_entry(publication)
        raise_if(check_record_release(publication, by))
        if released_on is None or released_on > timezone.localdate():
            raise InvalidInput({"released_on": [_("A release is recorded once made: the date cannot be after today.")]})
        if released_on < publication.decided_on:
            raise InvalidInput({"released_on": [_("The item is reviewed before release: the release cannot be dated "
                                                  "before the decision (%(date)s).")
                                                % {"date": publication.decided_on.isoformat()}]})
        publication.released_on = released_on
        stamp(publication, by=by, reason=reason).save()
    return publication


def withdraw_publication(*, publication, by, reason) -> Publication:
    return withdraw_entry(publication, by=by, reason=reason, check=check_withdraw_publication)


# --- Data given to outside units ---------------------------------------------------------------------------


def check_record_provision(unit, user):
    return keeper_refusal(user, unit)


def check_correct_provision(provision, user):
    return first_refusal(keeper_refusal(user, provision.unit), _withdrawn_refusal(provision))


check_withdraw_provision = check_correct_provision

COPY_NAME = re.compile(r"^(?P<number>\S+?)\s*/\s*(?P<copy>\d{1,6})$")


def parse_copies(text) -> list[str]:
    """The copies named in `text`, one a line or separated by commas or 、: `BGS-2026-00012 / 2`."""
    return [visible_text(part) for part in re.split(r"[\n,，、;；]+", str(text or "")) if visible_text(part)]


def _copies_named(unit, names):
    """Each name as the copy it names (registry number / copy number) among the copies of `unit`'s registries."""
    from documents.models import Copy

    found, unknown = [], []
    for name in dict.fromkeys(names):
        match = COPY_NAME.match(name)
        copy = match and (Copy.objects.filter(document__registry__unit=unit, document__registry_number=match["number"],
                                              number=int(match["copy"])).select_related("document").first())
        if copy:
            found.append(str(copy))
        else:
            unknown.append(name)
    return found, unknown


def _cleaned_provision(fields, *, unit, provision=None):
    values = {name: fields.get(name, getattr(provision, name, None) if provision else None) for name in PROVISION_FIELDS}
    errors = {}
    for name in ("recipient", "letter_number", "purpose", "description"):
        values[name] = visible_text(values[name])
    for name, message in (("recipient", _("Name the outside unit that received it.")),
                          ("letter_number", _("Give the number of the receiving unit's introduction letter.")),
                          ("purpose", _("Say what the data or material was provided for.")),
                          ("description", _("Describe what was provided."))):
        if not values[name]:
            errors[name] = [message]
    values["sealed"] = bool(values["sealed"])
    leader = values["approved_by"]
    if leader is None or not unit_leaders(unit).filter(pk=leader.pk).exists():
        errors["approved_by"] = [_("Pick the approving leader: an active leader of %(unit)s.") % {"unit": unit}]
    provided = values["provided_on"]
    if provided is None or provided > timezone.localdate():
        errors["provided_on"] = [_("A provision is recorded once made: the date cannot be after today.")]
    copies, unknown = _copies_named(unit, values["copies"] or [])
    if unknown:
        errors["copies"] = [_("No copy of %(unit)s is registered as %(names)s; write each as registry number / copy "
                              "number, e.g. BGS-2026-00012 / 2.") % {"unit": unit, "names": "、".join(unknown)}]
    values["copies"] = copies
    if errors:
        raise InvalidInput(errors)
    return values


def record_provision(*, unit, by, reason, **fields) -> Provision:
    """Enter data or material given to an outside unit, on its introduction letter and a leader's approval."""
    reason = require_reason(reason)
    raise_if(check_record_provision(unit, by))
    return save_entry(Provision(unit=unit, **_cleaned_provision(fields, unit=unit)), by=by, reason=reason,
                      twin_message=_no_twin)


def correct_provision(*, provision, by, reason, **fields) -> Provision:
    reason = require_reason(reason)
    with transaction.atomic():
        provision = lock_entry(provision)
        raise_if(check_correct_provision(provision, by))
        return correct_entry(provision, _cleaned_provision(fields, unit=provision.unit, provision=provision), by=by,
                             reason=reason, twin_message=_no_twin)


def withdraw_provision(*, provision, by, reason) -> Provision:
    return withdraw_entry(provision, by=by, reason=reason, check=check_withdraw_provision)
