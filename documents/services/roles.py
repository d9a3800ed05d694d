"""Role checks shared by the services: who may do what, in which unit."""

from django.utils.translation import gettext as _

from documents.services.errors import NotPermitted
from people.roles import Role
from people.selectors import has_role


def require_clerk(user, registry):
    if not has_role(user, Role.CLERK, registry.unit):
        raise NotPermitted(_("Only a secrecy clerk of %(unit)s can do this.") % {"unit": registry.unit})


def require_leader(user, registry):
    if not has_role(user, Role.LEADER, registry.unit):
        raise NotPermitted(_("Only a leader of %(unit)s can do this.") % {"unit": registry.unit})
