"""Confirming or refusing a role an administrator gave, and the inspector's list of grants and tokens."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.selectors import inspected_tokens
from documents.views.steps import StepView
from people.names import person_name
from people.roles import Role
from people.selectors import has_role, inspected_role_grants, visible_role_grants
from people.services.grants import confirm_role_grant, refuse_role_grant

LIMIT = 200


class ConfirmRoleGrant(StepView):
    selector = staticmethod(visible_role_grants)
    service = staticmethod(confirm_role_grant)
    target = "grant"

    def done(self, result, obj):
        return _("%(person)s now holds the role %(role)s in %(unit)s.") % {
            "person": person_name(result.user),
            "role": result.get_role_display(),
            "unit": result.unit,
        }

    def fallback(self, obj):
        return "home"


class RefuseRoleGrant(ConfirmRoleGrant):
    service = staticmethod(refuse_role_grant)

    def done(self, result, obj):
        return _("The role was refused; it gives no access.")


@login_required
def access_record(request):
    """Every role grant and API token of the units this inspector inspects, newest first."""
    if not has_role(request.user, Role.INSPECTOR):
        raise Http404
    grants = inspected_role_grants(request.user)
    tokens = inspected_tokens(request.user)
    return render(
        request,
        "people/access_record.html",
        {
            "grants": grants[:LIMIT],
            "grant_count": grants.count(),
            "tokens": tokens[:LIMIT],
            "token_count": tokens.count(),
            "limit": LIMIT,
        },
    )
