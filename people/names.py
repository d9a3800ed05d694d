"""How the registry names a person: on every page, print, message and history row.

By the full name, as people know each other in an office; the username only
when there is no full name, or beside the name where two people must be told
apart (a picker of people, the verification page of a print).
"""


def person_name(user) -> str:
    """The full name, else the username; "—" for nobody (a row written by no one, a copy with no holder)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def person_label(user) -> str:
    """The full name with the username beside it, for choosing one person among many."""
    if user is None:
        return "—"
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


__all__ = ["person_label", "person_name"]
