"""Commitment before custody: a classified copy is handed only to someone with a signed
confidentiality commitment (保密承诺书) on file.

The commitment is `people.Person.commitment_signed_on`, recorded by the
secrecy office (people/services/personnel.py: record_person). Internal
(non-classified) material and declassified documents need none: the
commitment is what secret-related personnel sign (docs/decisions.md).

Asked where a person is chosen (a reading list, a loan request: nobody is
approved who could not receive the copy), where the copy is handed over
(circulation and loan hand-out), and by `move` itself whenever a copy goes
to a person, so no procedure can forget it. The pickers do not offer such
people (documents/selectors.py: eligible_readers).
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from documents.levels import Level
from documents.punctuation import listing
from documents.services.errors import InvalidState
from people.models import Person
from people.names import person_name


def needs_commitment(document) -> bool:
    """Whether only a person with a signed commitment may hold a copy of `document`: classified and not declassified."""
    return document.level != Level.INTERNAL and document.declassified_on is None


def signed_commitment():
    """A condition on users (OuterRef "pk"): a signed confidentiality commitment is on file."""
    return Exists(Person.objects.filter(user=OuterRef("pk"), commitment_signed_on__isnull=False))


def has_commitment(user) -> bool:
    """From `user.person` (a page that select_related it asks nothing more)."""
    try:
        person = user.person
    except Person.DoesNotExist:
        return False
    return person.commitment_signed_on is not None


def _missing(names):
    return ngettext(
        "%(names)s has no signed confidentiality commitment on file: a classified copy goes only to someone "
        "who has signed one. The secrecy office records it on the person's personnel page.",
        "%(names)s have no signed confidentiality commitment on file: a classified copy goes only to someone "
        "who has signed one. The secrecy office records it on each person's personnel page.",
        len(names),
    ) % {"names": listing(names)}


def commitment_refusal(user, document):
    """Why `user` may not receive a copy of `document` for want of a commitment, or None."""
    if needs_commitment(document) and not has_commitment(user):
        return InvalidState(_missing([person_name(user)]))
    return None


def uncommitted_refusal(people, document):
    """The same question for several people at once (one query), naming every one who has not signed."""
    people = list(people)
    if not people or not needs_commitment(document):
        return None
    signed = set(
        Person.objects.filter(user__in=[person.pk for person in people], commitment_signed_on__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    missing = [person_name(person) for person in people if person.pk not in signed]
    return InvalidState(_missing(missing)) if missing else None
