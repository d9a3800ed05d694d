"""One-time enrolment codes: the first authenticator of a person who must use two factors."""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import EnrolmentCode
from accounts.services.tokens import _require_administrator
from documents.services.errors import InvalidInput
from documents.services.recording import require_reason, stamp

log = logging.getLogger("accounts.enrolment")

VALID_FOR = timedelta(days=3)
# 16 characters of an alphabet without look-alikes: about 80 bits, read out or handed over on paper.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 16


def _hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def normalise(code) -> str:
    return "".join(char for char in str(code or "").upper() if char.isalnum())


def issue_enrolment_code(*, user, by, reason, valid_for=VALID_FOR) -> tuple[EnrolmentCode, str]:
    """A new code for `user`, replacing any unused one. Returns it and the code, which is never shown again."""
    reason = require_reason(reason)
    _require_administrator(by)
    if not user.is_active:
        raise InvalidInput({"user": [_("This account is disabled.")]})
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    now = timezone.now()
    with transaction.atomic():
        for old in EnrolmentCode.objects.select_for_update().filter(user=user, used_at__isnull=True, expires_at__gt=now):
            old.expires_at = now
            stamp(old, by=by, reason=_("Replaced by a new enrolment code")).save()
        code = EnrolmentCode(user=user, code_hash=_hash(raw), issued_by=by, reason=reason, expires_at=now + valid_for)
        stamp(code, by=by, reason=reason).save()
    log.info("Enrolment code %s issued for %s", code.pk, user.get_username())
    return code, "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def valid_code(user, raw) -> EnrolmentCode | None:
    """The unused, unexpired code of `user` that `raw` is, or None."""
    if not normalise(raw):
        return None
    return EnrolmentCode.objects.filter(
        user=user, code_hash=_hash(raw), used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


def use_code(*, code, by) -> bool:
    """Spend the code (under lock, so it is used once); False when it was used or expired meanwhile."""
    with transaction.atomic():
        code = EnrolmentCode.objects.select_for_update().get(pk=code.pk)
        if code.used_at is not None or code.expires_at <= timezone.now():
            return False
        code.used_at = timezone.now()
        stamp(code, by=by, reason=_("First authenticator enrolled")).save()
    return True
