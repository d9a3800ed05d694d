"""The printed personnel register (涉密人员登记) of a unit."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from documents.pdf.ledgers import Ledger
from documents.punctuation import listing
from people.names import person_name
from people.selectors import personnel_register, personnel_units


def register_rows(user, unit):
    """One row per member. People are not classified material: every row's `level` is None."""
    rows = []
    for member in personnel_register(user, unit):
        record = getattr(member, "person", None)
        departure = member.departure_list[0] if member.departure_list else None
        rows.append(
            {
                "level": None,
                "name": person_name(member),
                "username": member.get_username(),
                "roles": listing(membership.get_role_display() for membership in member.unit_roles),
                "post_level": record.get_post_level_display() if record else "",
                "commitment_signed_on": record.commitment_signed_on if record else None,
                "training_count": member.training_count,
                "training_hours": member.training_hours,
                "last_training_on": member.last_training_on,
                "departure": departure,
                "key_department": unit.is_key_department,
            }
        )
    return rows


def personnel_register_ledger(user, params) -> Ledger:
    unit = get_object_or_404(personnel_units(user), pk=params["unit"])
    rows = register_rows(user, unit)
    return Ledger.of_rows(
        unit,
        rows,
        kind="personnel_register",
        template="people/pdf/personnel_register.html",
        name=gettext_lazy("Personnel register"),
    )
