"""Reasons the system writes itself: stored in English, shown in the reader's language.

A reason a person types is stored and shown as typed. A reason the system
writes ("Registered on receipt", "Not found when the inventory was closed",
"Loan requested: <what the person typed>") is stored as its English sentence,
the gettext msgid with its parameters filled in, and translated when it is
shown: `shown_reason()` recognises each phrase below by its English form (and
by its Chinese form, for rows a Chinese-speaking clerk wrote before this
module existed), translates the fixed part and shows the parameters again,
each one recognised in its turn, so the typed part stays as typed.

Storing the English text keeps the history readable as it is (in the
administration, the API, `verify_audit`) and leaves the audit hash chain
alone: nothing stored changes, only how it is shown (docs/decisions.md).

A new system phrase is added to PHRASES (a test fails otherwise) and written
with `system_reason(msgid, ...)`.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop


def _loan_mode():
    from documents.models import LoanMode

    return LoanMode


def _decision_kind():
    from documents.models import DecisionKind

    return DecisionKind


def _copy_status():
    from documents.models import CopyStatus

    return CopyStatus


# Every phrase the system writes into a reason, a note or a decision, with
# the choices whose label some parameter is (stored as the English label,
# shown as the reader's).
PHRASES = {
    # Offered as the reason on a form (ReasonField initial, a pre-filled input), kept or retyped
    gettext_noop("Added to the list"): {},
    gettext_noop("Annual clean-up: no longer needed"): {},
    gettext_noop("Annual self-inspection"): {},
    gettext_noop("Approved"): {},
    gettext_noop("Checked at inventory"): {},
    gettext_noop("Consultation finished"): {},
    gettext_noop("Consultation requested"): {},
    gettext_noop("Copies made, marked and registered"): {},
    gettext_noop("Copy reported lost"): {},
    gettext_noop("Copy stored on the device"): {},
    gettext_noop("Destroyed as approved"): {},
    gettext_noop("Device checked during the self-inspection"): {},
    gettext_noop("Draft saved"): {},
    gettext_noop("Everything handed back"): {},
    gettext_noop("Filed into the archive"): {},
    gettext_noop("Follow-up recorded"): {},
    gettext_noop("For reading"): {},
    gettext_noop("Handed out for circulation"): {},
    gettext_noop("Handed over against signature"): {},
    gettext_noop("Handed over and received against signature"): {},
    gettext_noop("Handed over to a new custodian"): {},
    gettext_noop("Incident closed"): {},
    gettext_noop("Inventory completed"): {},
    gettext_noop("Missing at the inventory"): {},
    gettext_noop("Moved to another place of storage"): {},
    gettext_noop("New archive volume"): {},
    gettext_noop("No longer needed"): {},
    gettext_noop("No longer used"): {},
    gettext_noop("Owner and deadline of the rectification item"): {},
    gettext_noop("Personnel record updated"): {},
    gettext_noop("Read"): {},
    gettext_noop("Reading-room session"): {},
    gettext_noop("Registered in the device register"): {},
    gettext_noop("Rule adopted and entered in the register"): {},
    gettext_noop("Key part registered"): {},
    gettext_noop("Protections checked"): {},
    gettext_noop("Meeting entered in the register"): {},
    gettext_noop("Materials of the meeting"): {},
    gettext_noop("Materials approved for the meeting"): {},
    gettext_noop("Materials handed out at the meeting"): {},
    gettext_noop("Materials taken back"): {},
    gettext_noop("Submitted for secrecy review"): {},
    gettext_noop("Secrecy review decided"): {},
    gettext_noop("Published"): {},
    gettext_noop("Provided to an outside unit"): {},
    gettext_noop("Periodic check of %(device)s on %(date)s"): {},
    gettext_noop("Incident entered in the register"): {},
    gettext_noop("Reported to the secrecy bureau"): {},
    gettext_noop("Result of the investigation recorded"): {},
    gettext_noop("Registered on receipt"): {},
    gettext_noop("Returned after reading"): {},
    gettext_noop("Returned to the registry"): {},
    gettext_noop("Returned and checked"): {},
    gettext_noop("Scrapped: no longer fit for use"): {},
    gettext_noop("Self-inspection completed"): {},
    gettext_noop("Self-inspection scoring"): {},
    gettext_noop("Sent for repair"): {},
    gettext_noop("Submitted for approval"): {},
    gettext_noop("Taken off the list"): {},
    gettext_noop("Training attended"): {},
    gettext_noop("Volumes returned to the archive"): {},
    # Written by the services
    gettext_noop("Seen at inventory"): {},
    gettext_noop("Not found when the inventory was closed"): {},
    gettext_noop("Not confirmed with its holder when the inventory was closed"): {},
    gettext_noop("Found although the ledger says: %(status)s"): {"status": _copy_status},
    gettext_noop("Not found at the inventory of %(registry)s opened %(opened)s (%(purpose)s), closed %(closed)s by %(closer)s."): {},
    gettext_noop("Inventory note: %(note)s"): {},
    gettext_noop("No leader's approval needed under the loan policy."): {},
    gettext_noop("Ledger printed"): {},
    gettext_noop("Copying requested: %s"): {},
    gettext_noop("Copying approved: %s"): {},
    gettext_noop("Copying rejected: %s"): {},
    gettext_noop("Copies made: %s"): {},
    gettext_noop("Reproduction of copy %(source)d under request #%(request)d: %(reason)s"): {},
    gettext_noop("Scope widened: %s"): {},
    gettext_noop("Scope narrowed: %s"): {},
    gettext_noop("Returned to %(organ)s, receipt %(receipt)s (%(recovery)s): %(reason)s"): {},
    # Dispatch between units (the dispatch app)
    gettext_noop("Dispatched as listed"): {},
    gettext_noop("Received and checked"): {},
    gettext_noop("Dispatched to %(recipient)s (%(dispatch)s): %(reason)s"): {},
    gettext_noop("Received from %(unit)s, their %(number)s copy %(copy)d (%(dispatch)s): %(reason)s"): {},
    gettext_noop("Received by %(recipient)s (%(dispatch)s): %(reason)s"): {},
    gettext_noop("Not received by %(recipient)s (%(dispatch)s): %(reason)s"): {},
    gettext_noop("Receipt signed by %(signer)s on %(date)s (%(dispatch)s): %(reason)s"): {},
    # Classification review of outgoing documents (the review app)
    gettext_noop("Proposed for classification review"): {},
    gettext_noop("Checked: level, period, basis and scope are right"): {},
    gettext_noop("Corrected as asked"): {},
    gettext_noop("Registered on approval of classification proposal %(proposal)s: %(reason)s"): {},
    # Recall from recipients (dispatch.recall)
    gettext_noop("Year-end clean-up: return the copies"): {},
    gettext_noop("Handed back as asked"): {},
    gettext_noop("Returned and checked"): {},
    gettext_noop("Handed back to %(unit)s, their %(number)s copy %(copy)d (recall %(recall)s): %(reason)s"): {},
    gettext_noop("Handed back by %(recipient)s (recall %(recall)s): %(reason)s"): {},
    gettext_noop("Recovered from %(recipient)s (recall %(recall)s): %(reason)s"): {},
    gettext_noop("Returned by %(organ)s (recall %(recall)s): %(reason)s"): {},
    gettext_noop("%(decision)s: %(basis)s"): {"decision": _decision_kind},
    gettext_noop("List edited by the approving leader: %s"): {},
    gettext_noop("Every reader has returned the copy: %s"): {},
    gettext_noop("Taken back without being marked read: %s"): {},
    gettext_noop("Destroyed under destruction list %(list)s on %(date)s: %(reason)s"): {},
    gettext_noop("Destruction recorded, awaiting the witnesses: %s"): {},
    gettext_noop("Witnessed the destruction under list %s"): {},
    gettext_noop("Copy reported lost: %s"): {},
    gettext_noop("Held by %(holder)s when reported."): {},
    gettext_noop("Loan requested: %s"): {},
    gettext_noop("Loan approved: %s"): {},
    gettext_noop("Loan rejected: %s"): {},
    gettext_noop("Loan cancelled: %s"): {},
    gettext_noop("Lent (%(mode)s) until %(due)s: %(reason)s"): {"mode": _loan_mode},
    gettext_noop("Copy handed out: %s"): {},
    gettext_noop("%(reason)s. Discrepancy: %(note)s"): {},
    gettext_noop("Returned from loan: %s"): {},
    gettext_noop("Copy returned: %s"): {},
    gettext_noop("Highest level raised by filing: %s"): {},
    gettext_noop("Deleted in administration"): {},
    gettext_noop("Role removed in administration"): {},
    # The demo data (load_demo)
    gettext_noop("Demo data"): {},
    gettext_noop("Demo data: a loan three days overdue"): {},
    gettext_noop("Annual clean-up of internal material"): {},
    gettext_noop("Not found at the monthly check"): {},
    gettext_noop("Reading round of the annual self-inspection notice"): {},
    gettext_noop("Reading list for the department meeting"): {},
    gettext_noop("Reading list for the budget review"): {},
    gettext_noop("Reading round of the inspection report"): {},
    gettext_noop("Preparing the quarterly report"): {},
    gettext_noop("Checking figures for the budget meeting"): {},
    gettext_noop("Two copies for the provincial inspection team"): {},
    gettext_noop("Clean-up of superseded internal notices"): {},
    gettext_noop("Year-end inventory of the General Office registry"): {},
    # Written by the migrations that set the registry up
    gettext_noop("Default loan policy"): {},
    gettext_noop("Default self-inspection standard"): {},
}

PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])|%([sd])")
# How deep a parameter is recognised in its turn ("Copy reported lost: Not found when ...").
NESTING = 3


def system_reason(msgid, *args, **params) -> str:
    """The English sentence of a system phrase with its parameters, as stored.

    Choice labels are passed lazy (`LoanMode(mode).label`, not
    `get_mode_display()`), so that they are stored in English whatever the
    language of the person whose request wrote the row.
    """
    if msgid not in PHRASES:
        raise KeyError(f"{msgid!r} is not in documents.reasons.PHRASES")
    with translation.override("en"):
        if args:
            return msgid % tuple(_plain(value) for value in args)
        if params:
            return msgid % {name: _plain(value) for name, value in params.items()}
        return msgid


def english(msgid) -> str:
    """A fixed phrase as stored: a form's suggested reason, kept as offered, is stored in English."""
    return system_reason(msgid)


def shown_reason(text, language=None) -> str:
    """A stored reason in the reader's language: system phrases translated, what a person typed as typed."""
    if not text:
        return text or ""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return _shown(str(text), language)


@lru_cache(maxsize=8192)
def _shown(text, language):
    with translation.override(language):
        return "\n".join(_line(line, NESTING) for line in text.split("\n"))


def _line(text, depth):
    if depth <= 0 or not text:
        return text
    stripped = text.strip()
    fixed, patterns = _recognisers()
    if stripped in fixed:
        return gettext(fixed[stripped])
    for prefix, regex, msgid, choices in patterns:
        if not stripped.startswith(prefix):
            continue
        match = regex.fullmatch(stripped)
        if match is None:
            continue
        values = {}
        for group, value in match.groupdict().items():
            name = _placeholder(group)
            if name in choices:
                choice, lowered = choices[name][value]
                label = str(choice.label)
                values[name] = label.lower() if lowered else label
            else:
                values[name] = _line(value, depth - 1)
        return _fill(gettext(msgid), values)
    return text


def _fill(template, values):
    positional = iter(["0"])

    def value(match):
        name = match.group(1) or next(positional)
        return values.get(name, match.group(0))

    return PLACEHOLDER.sub(value, template)


@lru_cache(maxsize=1)
def _recognisers():
    """Every phrase as written in every language: fixed ones by their text, the others by a pattern."""
    fixed, patterns = {}, []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for msgid, choice_classes in PHRASES.items():
                written = gettext(msgid)
                if not PLACEHOLDER.search(msgid):
                    fixed.setdefault(written, msgid)
                    continue
                choices = {name: _labels(get()) for name, get in choice_classes.items()}
                prefix, regex = _pattern(written, choices)
                patterns.append((prefix, regex, msgid, choices))
    # The most specific first: "%(reason)s. Discrepancy: %(note)s" would match almost anything.
    patterns.sort(key=lambda item: -len(PLACEHOLDER.sub("", item[1].pattern)))
    patterns.sort(key=lambda item: -len(item[0]))
    return fixed, patterns


def _labels(choice_class):
    """Each choice by its label as written in the active language, and in lower case (rows once stored it so)."""
    labels = {}
    for choice in choice_class:
        label = str(choice.label)
        labels.setdefault(label.lower(), (choice, True))
        labels[label] = (choice, False)
    return labels


def _pattern(written, choices):
    parts, last, index = [], 0, 0
    matches = list(PLACEHOLDER.finditer(written))
    for position, match in enumerate(matches):
        parts.append(_literal(written[last:match.start()]))
        name = match.group(1) or str(index)
        if not match.group(1):
            index += 1
        kind = match.group(2) or match.group(3)
        if name in choices:
            group = "|".join(re.escape(label) for label in sorted(choices[name], key=len, reverse=True))
        elif kind == "d":
            group = r"-?\d+"
        else:
            group = ".+" if position == len(matches) - 1 and match.end() == len(written) else ".+?"
        parts.append(f"(?P<{_group(name)}>{group})")
        last = match.end()
    parts.append(_literal(written[last:]))
    prefix = re.split(r"：|: ", written[: matches[0].start()] if matches else written)[0]
    return prefix, re.compile("".join(parts), re.DOTALL)


def _literal(text):
    # A colon written either way: rows once joined a translated label and a reason with ": " in Chinese too.
    return r"(?:：|: ?)".join(re.escape(part) for part in re.split(r"：|: ", text))


def _group(name):
    # Regex group names cannot start with a digit; "%s" is group "p0".
    return f"p{name}" if name.isdigit() else name


def _placeholder(group):
    return group[1:] if group[0] == "p" and group[1:].isdigit() else group


def _plain(value):
    return value if isinstance(value, (int, float)) else str(value)


__all__ = ["PHRASES", "english", "shown_reason", "system_reason"]
