"""Telegrams (电报): what may not be done with one, in one place.

The seeds (000 §8) report that telegrams are "written, transmitted, read,
kept, filed and destroyed in strict accordance with relevant regulations,
thus eliminating ... forwarding, extracting, copying and expanding the scope
of reading". So a telegram is never copied or excerpted, and its knowledge
scope is never widened after registration (narrowing it stays allowed: that
minimises the scope). The checks of those steps ask here; the services call
the checks under their locks, the pages and the API before they offer them.

A document's type is set at registration and is not among the particulars a
clerk corrects (documents/services/editing.py): turning a telegram into a
"document" would lift these rules without anyone's decision.
"""

from django.utils.translation import gettext as _

from documents.services.errors import LifecycleError


class TelegramRule(LifecycleError):
    code = "telegram_rule"
    status = 409


def reproduction_refusal(document):
    """Why this document may not be copied or excerpted because it is a telegram, or None."""
    if not document.is_telegram:
        return None
    return TelegramRule(
        _("%(number)s is a telegram: a telegram may not be copied or excerpted.") % {"number": document.registry_number}
    )


def widening_refusal(document):
    """Why this document's knowledge scope may not be widened because it is a telegram, or None."""
    if not document.is_telegram:
        return None
    return TelegramRule(
        _("%(number)s is a telegram: its readers may not be widened beyond those named at registration.")
        % {"number": document.registry_number},
        field="add_users",
    )
