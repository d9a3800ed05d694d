"""Refuse any history row written without a reason.

Services always give one; this guard makes a forgotten reason (an admin
form, a shell session, a future service) fail loudly instead of leaving an
unexplained change in the record.
"""

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from documents.services.errors import MissingReason
from documents.services.recording import visible_text


@receiver(pre_create_historical_record)
def require_reason(sender, instance, history_instance, **kwargs):
    if not visible_text(history_instance.history_change_reason):
        raise MissingReason()
