"""Factories that build real records through the services, as a user would."""

import datetime

import factory
from django.contrib.auth import get_user_model

from documents.levels import Level
from documents.models import Direction, Registry
from documents.services.recording import stamp
from documents.services.registration import register_document
from people.models import Person, Unit
from people.services.membership import add_membership

PASSWORD = "test-pass-2026!"
# Everyone a test makes has signed the confidentiality commitment, as secret-related staff have:
# a classified copy goes to nobody else (documents/services/custody.py). `commitment=False` makes one who has not.
COMMITMENT_SIGNED_ON = datetime.date(2025, 1, 6)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])

    @factory.post_generation
    def commitment(user, create, extracted, **kwargs):
        if not create or extracted is False or Person.objects.filter(user=user).exists():
            return
        signed_on = extracted if isinstance(extracted, datetime.date) else COMMITMENT_SIGNED_ON
        _save(Person(user=user, commitment_signed_on=signed_on))


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"unit{n}")
    name = factory.Sequence(lambda n: f"Unit {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return _save(model_class(*args, **kwargs))


class RegistryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registry

    unit = factory.SubFactory(UnitFactory)
    code = factory.Sequence(lambda n: f"R{n}")
    name = factory.Sequence(lambda n: f"Registry {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return _save(model_class(*args, **kwargs))


def _save(obj):
    stamp(obj, by=None, reason="test set-up").save()
    return obj


def member(unit, role, username=None, *, commitment=True):
    user = UserFactory(username=username, commitment=commitment) if username else UserFactory(commitment=commitment)
    add_membership(user=user, unit=unit, role=role, by=None, reason="test set-up")
    return user


def system_account(unit, role, username="oa-system"):
    """An account an OA integration uses: marked by the operator, then given its role (confirmed, as set-up is)."""
    from accounts.services.tokens import mark_system_account

    user = UserFactory(username=username)
    mark_system_account(user=user, by=None, reason="test set-up")
    add_membership(user=user, unit=unit, role=role, by=None, reason="test set-up")
    return user


def document_fields(**overrides):
    fields = {
        "direction": Direction.INCOMING,
        "title": "关于加强保密管理的通知",
        "originating_organ": "省委办公厅",
        "reference_number": "",
        "level": Level.SECRET,
        "secrecy_period_years": None,
        "date_classified": datetime.date(2026, 3, 1),
        "pages": 12,
        "attachments": 1,
        "copies_count": 3,
        "urgency": "normal",
        "medium": "paper",
        "remarks": "",
    }
    fields.update(overrides)
    return fields


class DocumentFactory:
    """`DocumentFactory(registry=..., by=clerk, scope_users=[...], **fields)` registers through the service."""

    def __new__(cls, *, registry, by, reason="Registered on receipt", scope_users=(), scope_units=(), **fields):
        return register_document(
            registry=registry,
            by=by,
            reason=reason,
            scope_users=list(scope_users),
            scope_units=list(scope_units),
            **document_fields(**fields),
        )


def proved(user):
    """A proof that `user` gave their password just now: what a decision's service asks (accounts.services.reauth)."""
    from accounts.services.reauth import Proof
    from django.utils import timezone

    return Proof(user_id=user.pk, at=timezone.now(), how="password")


def approved_outgoing(*, registry, drafter, reviewer, leader, scope_users=(), scope_units=(), basis="保密事项范围目录 第3.2项",
                      **fields):
    """An outgoing document as one comes to be registered: drafted, reviewed by a clerk, approved by a leader (review app)."""
    from review.models import PROPOSED_FIELDS
    from review.services import approve_proposal, pass_review, propose

    values = {name: value for name, value in document_fields(**fields).items() if name in PROPOSED_FIELDS}
    proposal = propose(registry=registry, by=drafter, reason="Drafted", scope_users=list(scope_users),
                       scope_units=list(scope_units), basis=basis, **values)
    pass_review(proposal=proposal, by=reviewer, reason="Level, period, basis and scope checked")
    return approve_proposal(proposal=proposal, by=leader, reason="Approved", proof=proved(leader)).document


def attended(*people, unit, by, name="保密法培训", held_on=None, hours=4, kind="study", organiser="办公室", absent=()):
    """An education event of `unit` held on `held_on` (today), with `people` present and `absent` absent."""
    from decimal import Decimal

    from django.utils import timezone

    from registers.services.education import enter_event, take_attendance

    event = enter_event(unit=unit, by=by, reason="Held", kind=kind, name=name, organiser=organiser,
                        held_on=held_on or timezone.localdate(), hours=Decimal(str(hours)))
    for person in people:
        take_attendance(event=event, by=by, person=person, present=True, reason="Attended")
    for person in absent:
        take_attendance(event=event, by=by, person=person, present=False, reason="Absent")
    return event
