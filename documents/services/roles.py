"""Role checks shared by the services: who may do what, in which unit.

`clerk_refusal`/`leader_refusal` answer a check (`check_<step>`): the refusal,
or None. `require_clerk`/`require_leader` raise it, for services that have no
check of their own yet.
"""

from django.utils.translation import gettext as _

from documents.services.errors import NotPermitted, raise_if
from people.roles import Role
from people.selectors import has_role


def clerk_refusal(user, registry):
    if not has_role(user, Role.CLERK, registry.unit):
        return NotPermitted(_("Only a secrecy clerk of %(unit)s can do this.") % {"unit": registry.unit})
    return None


def leader_refusal(user, registry):
    if not has_role(user, Role.LEADER, registry.unit):
        return NotPermitted(_("Only a leader of %(unit)s can do this.") % {"unit": registry.unit})
    return None


def require_clerk(user, registry):
    raise_if(clerk_refusal(user, registry))


def require_leader(user, registry):
    raise_if(leader_refusal(user, registry))
