"""Classification review through the API (/api/v1/), by the same services and checks as the pages.

A drafting system posts the proposal; the reviewing clerk passes it or sends
it back; a leader approves it (step-up: a token issued for decisions, or a
page session that proved itself within the window) and the answer names the
registered document.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.api.base import ObjectStep, ScopedDetail, ScopedList, StepView
from documents.api.serializers import ReasonField, UnitField, UserField, _CodeField
from documents.models import Registry
from people.models import Unit
from review import services
from review.models import PROPOSED_FIELDS, ClassificationProposal
from review.selectors import RELATED, visible_proposals
from review.views import proposal_registries


class ProposalRegistryField(_CodeField):
    """A registry whose outgoing documents the caller may propose (check_propose)."""

    default_error_messages = {"does_not_exist": _("You may propose no outgoing document of a registry coded {value}.")}

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Registry.objects.none(), **kwargs)

    def get_queryset(self):
        return proposal_registries(self.context["request"].user)


class ProposalOut(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    registry = serializers.SlugRelatedField(slug_field="code", read_only=True)
    marking = serializers.CharField(read_only=True)
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    document = serializers.SerializerMethodField(help_text=_("The registry number given on approval."))
    scope_users = serializers.SerializerMethodField()
    scope_units = serializers.SerializerMethodField()

    class Meta:
        model = ClassificationProposal
        fields = (
            "id", "label", "registry", "status", *PROPOSED_FIELDS, "marking", "basis", "scope_users", "scope_units",
            "proposed_by", "proposed_at", "reason", "reviewed_by", "reviewed_at", "review_reason",
            "decided_by", "decided_at", "decision_reason", "document",
        )  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_document(self, proposal):
        return proposal.document.registry_number if proposal.document_id else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_scope_users(self, proposal):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(pk__in=proposal.scope_user_ids).order_by("username")
        return [user.get_username() for user in users]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_scope_units(self, proposal):
        return list(Unit.objects.filter(pk__in=proposal.scope_unit_ids).order_by("code").values_list("code", flat=True))


class ProposalIn(serializers.ModelSerializer):
    registry = ProposalRegistryField(help_text=_("Code of the registry the document will be registered in."))
    scope_users = UserField(many=True, required=False, help_text=_("Usernames of the people in the knowledge scope."))
    scope_units = UnitField(many=True, required=False, help_text=_("Codes of the units in the knowledge scope."))
    reason = ReasonField()

    class Meta:
        model = ClassificationProposal
        fields = ("registry", *PROPOSED_FIELDS, "basis", "scope_users", "scope_units", "reason")
        # The basis is refused by the service (a reason-like text), so that blank and zero-width answer alike.
        extra_kwargs = {"basis": {"allow_blank": True}}
        validators = []


class StepIn(serializers.Serializer):
    reason = ReasonField()


class ProposalList(ScopedList, StepView):
    """GET: the classification proposals you may see. POST: propose an outgoing document's classification."""

    selector = staticmethod(visible_proposals)
    related = RELATED
    serializer_class = ProposalOut
    sorts = {
        "newest": (_("Newest first"), ["-proposed_at", "-pk"]),
        "oldest": (_("Oldest first"), ["proposed_at", "pk"]),
    }
    filter_backends = ()
    creates = True
    input_serializer = ProposalIn
    output_serializer = ProposalOut
    success_status = 201

    def perform(self, obj, data):
        proposal = services.propose(by=self.request.user, **data)
        return visible_proposals(self.request.user).get(pk=proposal.pk)


class ProposalDetail(ScopedDetail):
    selector = staticmethod(visible_proposals)
    related = RELATED
    serializer_class = ProposalOut


class _ProposalStep(ObjectStep):
    selector = staticmethod(visible_proposals)
    related = RELATED
    target = "proposal"
    input_serializer = StepIn
    output_serializer = ProposalOut


class PassReview(_ProposalStep):
    """A secrecy clerk of the unit who did not draft it passes the proposal on to the leaders."""

    service = staticmethod(services.pass_review)


class SendBack(_ProposalStep):
    """The reviewing clerk sends the proposal back to its drafter, saying what to correct."""

    service = staticmethod(services.send_back)


class Approve(_ProposalStep):
    """A leader, neither drafter nor reviewer, approves: the document is registered and numbered (step-up)."""

    service = staticmethod(services.approve_proposal)
    step_up = True


class Reject(_ProposalStep):
    """A leader, neither drafter nor reviewer, rejects the proposal; nothing is registered."""

    service = staticmethod(services.reject_proposal)
