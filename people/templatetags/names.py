from django import template

from people.names import person_label, person_name

register = template.Library()


@register.filter
def person(user):
    """`{{ user|person }}`: the full name, else the username (people.names); a name already written passes as it is."""
    if not user:
        return ""
    return person_name(user) if hasattr(user, "get_full_name") else str(user)


@register.filter
def person_with_username(user):
    if not user:
        return ""
    return person_label(user) if hasattr(user, "get_full_name") else str(user)
