"""Reading the audit trail: chain heads, checkpoints, the access log."""

from dataclasses import dataclass

from audit.database import chain_supported
from audit.models import AccessEvent, ChainCheckpoint, ChainLink
from audit.models.chain import GENESIS_HASH, MAIN_CHAIN
from people.roles import Role
from people.selectors import has_role


@dataclass
class Head:
    chain: str
    links: int
    head_hash: str
    at: object = None


def chain_heads():
    """The head of each chain now (an empty chain has 0 links and the genesis hash)."""
    if not chain_supported():
        return []
    chains = {MAIN_CHAIN} | set(ChainCheckpoint.objects.values_list("chain", flat=True).distinct())
    heads = []
    for chain in sorted(chains):
        last = ChainLink.objects.filter(chain=chain).order_by("-seq").only("seq", "link_hash", "created_at").first()
        if last is None:
            heads.append(Head(chain=chain, links=0, head_hash=GENESIS_HASH))
        else:
            heads.append(Head(chain=chain, links=last.seq, head_hash=last.link_hash, at=last.created_at))
    return heads


def recent_checkpoints(limit=20):
    return ChainCheckpoint.objects.select_related("recorded_by").order_by("-created_at", "-pk")[:limit]


def can_inspect_audit(user) -> bool:
    """Inspectors of any unit: the audit trail and the access log are the whole registry's."""
    return has_role(user, Role.INSPECTOR)


def access_events():
    return AccessEvent.objects.select_related("user")
