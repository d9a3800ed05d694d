from people.selectors import roles_of


def roles(request):
    user_roles = roles_of(request.user) if hasattr(request, "user") else set()
    return {"user_roles": user_roles}
