"""Every role already held gets its grant, from the membership's own history, so the inspector's list is complete.

Written with its history row: the chain adopts rows that a data migration
wrote before the table's trigger existed (docs/audit.md, first installation).
"""

from django.db import migrations
from django.utils import timezone

REASON = "Recorded from the membership history when role grants began"


def record_grants(apps, schema_editor):
    Membership = apps.get_model("people", "Membership")
    HistoricalMembership = apps.get_model("people", "HistoricalMembership")
    RoleGrant = apps.get_model("people", "RoleGrant")
    HistoricalRoleGrant = apps.get_model("people", "HistoricalRoleGrant")
    now = timezone.now()
    for membership in Membership.objects.order_by("pk").iterator():
        given = HistoricalMembership.objects.filter(id=membership.pk, history_type="+").order_by("history_date", "history_id").first()
        when = given.history_date if given else now
        grant = RoleGrant.objects.create(
            user_id=membership.user_id,
            unit_id=membership.unit_id,
            role=membership.role,
            status="confirmed",
            granted_by_id=given.history_user_id if given else None,
            granted_at=when,
            reason=(given.history_change_reason if given else "") or REASON,
            decided_at=when,
        )
        HistoricalRoleGrant.objects.create(
            id=grant.pk,
            user_id=grant.user_id,
            unit_id=grant.unit_id,
            role=grant.role,
            status=grant.status,
            granted_by_id=grant.granted_by_id,
            granted_at=grant.granted_at,
            reason=grant.reason,
            decision_reason="",
            decided_at=grant.decided_at,
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0003_role_grants")]

    operations = [migrations.RunPython(record_grants, migrations.RunPython.noop)]
