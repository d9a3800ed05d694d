"""Knowledge scope: who may know a document. Every grant and withdrawal is a history row."""

from functools import lru_cache

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.services.reauth import require_step_up
from documents.models import Document, DocumentGroupObjectPermission, DocumentUserObjectPermission
from documents.punctuation import listing
from documents.reasons import system_reason
from documents.services.errors import InvalidInput, raise_if
from documents.services.recording import require_reason, stamp
from documents.services.roles import clerk_refusal
from documents.services.telegrams import widening_refusal


@lru_cache(maxsize=1)
def view_permission_id() -> int:
    return Permission.objects.get(content_type__app_label="documents", codename="view_document").pk


def _check_people(users):
    inactive = [user.get_username() for user in users if not user.is_active]
    if inactive:
        raise InvalidInput({"scope_users": [_("These accounts are disabled: %s") % listing(inactive)]})


def grant(*, document, users=(), units=(), by, reason):
    """Add grants that do not exist yet. Callers hold the document's lock."""
    _check_people(users)
    perm = view_permission_id()
    have_users = set(document.user_grants.filter(permission_id=perm).values_list("user_id", flat=True))
    have_groups = set(document.group_grants.filter(permission_id=perm).values_list("group_id", flat=True))
    # One INSERT per table (and one for the history rows), not one per person:
    # a registration grants a few dozen people at once.
    new_users = list({user.pk: user for user in users if user.pk not in have_users}.values())
    new_groups = list(dict.fromkeys(unit.group_id for unit in units if unit.group_id not in have_groups))
    if new_users:
        rows = [DocumentUserObjectPermission(user=user, permission_id=perm, content_object=document) for user in new_users]
        bulk_create_with_history(rows, DocumentUserObjectPermission, default_user=by, default_change_reason=reason)
    if new_groups:
        rows = [DocumentGroupObjectPermission(group_id=group, permission_id=perm, content_object=document) for group in new_groups]
        bulk_create_with_history(rows, DocumentGroupObjectPermission, default_user=by, default_change_reason=reason)


def withdraw(*, document, users=(), units=(), by, reason):
    perm = view_permission_id()
    rows = list(document.user_grants.filter(permission_id=perm, user__in=list(users))) + list(
        document.group_grants.filter(permission_id=perm, group_id__in=[unit.group_id for unit in units])
    )
    for row in rows:
        stamp(row, by=by, reason=reason).delete()


def check_change_scope(document, user):
    """May `user` widen or narrow this document's knowledge scope now? A clerk of its registry."""
    return clerk_refusal(user, document.registry)


def check_widen_scope(document, user):
    """May `user` let more people know this document? As for any change, and never a telegram's readers."""
    return check_change_scope(document, user) or widening_refusal(document)


def change_scope(
    *, document, by, reason, add_users=(), remove_users=(), add_units=(), remove_units=(), proof=None
) -> Document:
    """The clerk widens or narrows a document's scope: a recorded decision with its reason.

    Widening it cannot be taken back (whoever was let in has read it): it needs
    `proof`, the clerk's recent re-authentication (accounts.services.reauth).
    Narrowing does not.
    """
    reason = require_reason(reason)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        raise_if(check_change_scope(document, by))
        if add_users or add_units:
            raise_if(check_widen_scope(document, by))
            require_step_up(proof, by)
            grant(document=document, users=add_users, units=add_units, by=by, reason=system_reason("Scope widened: %s", reason))
        if remove_users or remove_units:
            withdraw(
                document=document, users=remove_users, units=remove_units, by=by, reason=system_reason("Scope narrowed: %s", reason)
            )
    return document


def scope_of(document):
    """The people and units in a document's scope, for display."""
    perm = view_permission_id()
    users = [g.user for g in document.user_grants.filter(permission_id=perm).select_related("user").order_by("user__username")]
    units = [
        g.group.unit
        for g in document.group_grants.filter(permission_id=perm).select_related("group__unit").order_by("group__name")
        if hasattr(g.group, "unit")
    ]
    return users, units
