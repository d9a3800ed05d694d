"""What the home page adds for inspectors beside their inbox (documents/inbox.py): the audit chain,
each registry's last inventory and the open rectification items. A constant number of queries."""

import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from audit.database import chain_supported
from audit.models import ChainCheckpoint, CheckpointSource, ChainLink
from audit.models.chain import MAIN_CHAIN
from documents.models import Inventory, Registry
from inspections.models import RectificationStatus
from inspections.selectors import visible_rectifications
from people.roles import Role
from people.selectors import units_where

# A chain not verified for this long is flagged on the inspector's home page.
VERIFY_EVERY = datetime.timedelta(days=7)


def dashboard_home(user, roles):
    context = {}
    if Role.INSPECTOR in roles:
        context["chain"] = chain_status()
        context["last_inventories"] = last_inventories(units_where(user, Role.INSPECTOR))
        context["open_rectification_count"] = visible_rectifications(user).filter(status=RectificationStatus.OPEN).count()
    return context


def chain_status():
    """The last verification that held, and how many links were written since (no verification here)."""
    if not chain_supported():
        return {"supported": False}
    verified = (
        ChainCheckpoint.objects.filter(chain=MAIN_CHAIN, source=CheckpointSource.VERIFY)
        .select_related("recorded_by")
        .order_by("-created_at", "-pk")
        .first()
    )
    links = ChainLink.objects.filter(chain=MAIN_CHAIN).order_by("-seq").values_list("seq", flat=True).first() or 0
    return {
        "supported": True,
        "verified": verified,
        "links": links,
        "since": links - verified.seq if verified else links,
        "stale": verified is None or timezone.now() - verified.created_at > VERIFY_EVERY,
    }


def last_inventories(units):
    """Each registry of the units with its most recent inventory (None: never inventoried)."""
    latest = Inventory.objects.filter(registry=OuterRef("pk")).order_by("-opened_at", "-pk")
    registries = list(
        Registry.objects.filter(unit__in=units)
        .select_related("unit")
        .annotate(last_inventory_id=Subquery(latest.values("pk")[:1]))
        .order_by("unit__name", "code")[:50]
    )
    inventories = Inventory.objects.select_related("signed_off_by").in_bulk(
        [registry.last_inventory_id for registry in registries if registry.last_inventory_id]
    )
    return [(registry, inventories.get(registry.last_inventory_id)) for registry in registries]
