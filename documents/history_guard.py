"""Refuse any history row written without a reason.

Services always give one; this guard makes a forgotten reason (an admin
form, a shell session, a future service) fail loudly instead of leaving an
unexplained change in the record.
"""

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from documents.services.errors import MissingReason


@receiver(pre_create_historical_record)
def require_reason(sender, instance, history_instance, **kwargs):
    if not (history_instance.history_change_reason or "").strip():
        raise MissingReason()
