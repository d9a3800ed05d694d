"""Declassification and change (解密/变更): a leader decides, with the basis on record.

The decision is its own row (ClassificationDecision) and the document's
history row carries the basis as its reason, so the marking on every page
and print changes with a trace of who decided it and why.
"""

from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from accounts.services.reauth import require_step_up
from documents.levels import MAX_PERIOD_YEARS, Level, default_period, period_end
from documents.models import ClassificationDecision, DecisionKind, Document
from documents.reasons import system_reason
from documents.services.decisions import deciding_leader_refusal
from documents.services.errors import InvalidInput, InvalidState, raise_if
from documents.services.recording import require_reason, stamp


def _new_classification(document, kind, new_level, new_period_years):
    """The level and period the decision leaves; refuses what the law or common sense does not allow."""
    if kind == DecisionKind.DECLASSIFY:
        if document.level == Level.INTERNAL:
            raise InvalidState(_("Internal material is not classified; there is nothing to declassify."))
        return document.level, document.secrecy_period_years
    if kind == DecisionKind.EXTEND:
        level = document.level
        if level == Level.INTERNAL:
            raise InvalidState(_("Internal material has no secrecy period to extend."))
        if new_period_years is None or new_period_years <= (document.secrecy_period_years or 0):
            raise InvalidInput(
                {"new_period_years": [ngettext("An extension must be longer than the present %(years)s year.",
                                               "An extension must be longer than the present %(years)s years.",
                                               document.secrecy_period_years or 0)
                                      % {"years": document.secrecy_period_years}]}
            )
    elif kind == DecisionKind.CHANGE_LEVEL:
        if new_level is None or Level(new_level) == Level.INTERNAL:
            raise InvalidInput({"new_level": [_("Choose a classification level; to lift it altogether, declassify.")]})
        level = Level(new_level)
        if level == document.level:
            raise InvalidInput({"new_level": [_("The document is already at this level.")]})
        if new_period_years is None:
            new_period_years = default_period(level)
    else:
        raise InvalidInput({"kind": [_("Choose a decision.")]})
    longest = MAX_PERIOD_YEARS[level]
    if new_period_years > longest:
        raise InvalidInput(
            {"new_period_years": [_("The law allows at most %(years)d years for this level.") % {"years": longest}]}
        )
    if new_period_years < 1:
        raise InvalidInput({"new_period_years": [_("A secrecy period is at least one year.")]})
    ends = period_end(document.date_classified, new_period_years)
    if ends <= timezone.localdate():
        raise InvalidInput(
            {"new_period_years": [ngettext(
                "A period of %(years)d year would have ended on %(date)s; declassify instead, or choose a longer period.",
                "A period of %(years)d years would have ended on %(date)s; declassify instead, or choose a longer period.",
                new_period_years,
            ) % {"years": new_period_years, "date": ends.isoformat()}]}
        )
    return level, new_period_years


def _declassified_refusal(document):
    if document.declassified_on is not None:
        return InvalidState(
            _("The document was declassified on %(date)s; no further decision is possible.")
            % {"date": document.declassified_on.isoformat()}
        )
    return None


def check_decide(document, user):
    """May `user` decide on this document's classification now? A leader of its unit who knows it, until it is declassified."""
    return deciding_leader_refusal(user, document) or _declassified_refusal(document)


class Outcome(NamedTuple):
    level: Level
    period_years: int | None
    period_ends_on: object  # a date, or None
    declassified: bool


def outcome_of(*, document, kind, new_level=None, new_period_years=None) -> Outcome:
    """What `decide` would leave the document as, deciding nothing: what the leader confirms.

    Raises what `decide` would raise for the same input.
    """
    raise_if(_declassified_refusal(document))
    level, years = _new_classification(document, kind, new_level, new_period_years)
    return Outcome(
        level=Level(level),
        period_years=years,
        period_ends_on=period_end(document.date_classified, years),
        declassified=kind == DecisionKind.DECLASSIFY,
    )


def decide(*, document, kind, by, basis, new_level=None, new_period_years=None, proof=None) -> ClassificationDecision:
    """`proof`: the leader's recent re-authentication (accounts.services.reauth); every decision needs it."""
    basis = require_reason(
        basis, field="basis", message=_("Give the basis of the decision: it is recorded with the new marking.")
    )
    with transaction.atomic():
        document = Document.objects.select_for_update().select_related("registry__unit").get(pk=document.pk)
        raise_if(check_decide(document, by))
        level, years = _new_classification(document, kind, new_level, new_period_years)
        require_step_up(proof, by)
        decision = ClassificationDecision(
            document=document,
            kind=kind,
            old_level=document.level,
            old_period_years=document.secrecy_period_years,
            old_period_ends_on=document.period_ends_on,
            new_level=level,
            new_period_years=years,
            basis=basis,
            decided_by=by,
        )
        document.level, document.secrecy_period_years = level, years
        document.period_ends_on = document.compute_period_end()
        if kind == DecisionKind.DECLASSIFY:
            document.declassified_on = timezone.localdate()
        decision.new_period_ends_on = document.period_ends_on
        reason = system_reason("%(decision)s: %(basis)s", decision=DecisionKind(kind).label, basis=basis)
        stamp(document, by=by, reason=reason).save()
        stamp(decision, by=by, reason=basis).save()
    return decision
