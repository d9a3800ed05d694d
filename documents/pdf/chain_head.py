"""The audit chain's head on every printed ledger (docs/audit.md, "The head on every printed ledger").

Printing records the heads as a checkpoint; the footer of every page names
each chain's last link (number and hash) and its last checkpoint kept out of
the database's reach, so the paper commits to the history as it stood.
"""

from django.utils import timezone
from django.utils.translation import gettext

from audit.models.chain import MAIN_CHAIN

# Enough of the hash for the eye to compare on every page; the title block prints it whole.
SHORT_HASH = 16


def chain_head_context(printed_by):
    from audit.database import chain_supported
    from audit.services.checkpoints import heads_for_print

    if not chain_supported():
        return {"chain_heads": [], "chain_footer": ""}
    heads = heads_for_print(by=printed_by)
    return {"chain_heads": [_described(head) for head in heads], "chain_footer": " · ".join(_footer(head) for head in heads)}


def _described(head):
    last = head.last_checkpoint
    return {
        "chain": head.chain,
        "seq": head.seq,
        "head": head.head,
        "checkpoint": _checkpoint_text(last, whole=True),
    }


def _footer(head):
    text = gettext("Audit chain: link #%(seq)s, head %(head)s") % {"seq": head.seq, "head": head.head[:SHORT_HASH]}
    if head.chain != MAIN_CHAIN:
        text = f"{head.chain}: {text}"
    # Translators: the chain's head, then its last checkpoint, in a ledger's footer.
    return gettext("%(head)s; %(checkpoint)s") % {"head": text, "checkpoint": _checkpoint_text(head.last_checkpoint, whole=False)}


def _checkpoint_text(last, *, whole):
    """The last checkpoint; in the footer (not `whole`) without its time, which a portrait page has no room for."""
    if last is None:
        return gettext("no daily checkpoint yet")
    values = {"seq": last.seq, "head": last.head if whole else last.head[:SHORT_HASH]}
    if not whole:
        if last.signed:
            return gettext("last signed checkpoint #%(seq)s, head %(head)s") % values
        return gettext("last daily checkpoint #%(seq)s, head %(head)s") % values
    values["at"] = _local(last.at).strftime("%Y-%m-%d %H:%M") if last.at else "?"
    if last.signed:
        return gettext("last signed checkpoint #%(seq)s, head %(head)s, %(at)s") % values
    return gettext("last daily checkpoint #%(seq)s, head %(head)s, %(at)s") % values


def _local(moment):
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment
