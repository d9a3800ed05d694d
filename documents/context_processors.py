from people.roles import Role
from people.selectors import roles_of


def decisions_waiting(request):
    """The number of decisions waiting for a leader, for the navigation of every page.

    A callable: the template asks it once, where the navigation is drawn, in
    one query (documents.inbox.decision_count); a page without navigation,
    or a person who leads nothing, asks nothing.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or Role.LEADER not in roles_of(user):
        return {}

    def count():
        from documents.inbox import decision_count

        return decision_count(user)

    return {"decisions_waiting": count}
