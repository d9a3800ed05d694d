"""Copying and excerpting through the API: the same services as the pages (documents.services.copying).

The clerk asks with a reason and a count, a leader who did not ask decides,
the clerk makes the copies: they take the next copy numbers of the document.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.api.base import ObjectStep, ScopedDetail, StepView
from documents.api.circulation import ReasonIn
from documents.api.serializers import CopyBriefOut, ReasonField
from documents.models import Copy, ReproductionKind, ReproductionRequest
from documents.selectors import visible_copies, visible_reproductions
from documents.services import copying

RELATED = ("source_copy__document", "requested_by", "approved_by", "executed_by")


def _username(**kwargs):
    return serializers.SlugRelatedField(slug_field="username", read_only=True, **kwargs)


class ReproductionOut(serializers.ModelSerializer):
    source_copy_label = serializers.CharField(source="source_copy.label", read_only=True)
    requested_by = _username()
    decided_by = _username(source="approved_by", allow_null=True)
    executed_by = _username(allow_null=True)
    copies_made = serializers.SerializerMethodField()

    class Meta:
        model = ReproductionRequest
        fields = (
            "id", "source_copy", "source_copy_label", "kind", "count", "reason", "originating_approval", "status",
            "requested_by", "requested_at", "decided_by", "decided_at", "decision_reason", "executed_by",
            "executed_at", "copies_made",
        )
        read_only_fields = fields

    @extend_schema_field(CopyBriefOut(many=True))
    def get_copies_made(self, request_row):
        made = Copy.objects.filter(reproduction_request_id=request_row.pk).select_related("document", "holder")
        return CopyBriefOut(made.order_by("number"), many=True).data


class ReproductionRequestIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReproductionKind.choices)
    count = serializers.IntegerField(help_text=_("How many copies (or excerpts) to make."))
    originating_approval = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="",
        help_text=_("The originating organ's approval reference: required for top secret documents."),
    )
    reason = ReasonField()


class ReproductionDetail(ScopedDetail):
    """One copying request and the copies it made."""

    selector = staticmethod(visible_reproductions)
    related = RELATED
    serializer_class = ReproductionOut


class RequestReproduction(StepView):
    """The clerk asks to copy or excerpt a copy in the registry."""

    selector = staticmethod(visible_copies)
    input_serializer = ReproductionRequestIn
    output_serializer = ReproductionOut
    success_status = 201

    def perform(self, copy, data):
        return copying.request_reproduction(source_copy=copy, by=self.request.user, **data)


class _ReproductionStep(ObjectStep):
    selector = staticmethod(visible_reproductions)
    related = RELATED
    input_serializer = ReasonIn
    output_serializer = ReproductionOut
    target = "request"


class ApproveReproduction(_ReproductionStep):
    """A leader who did not ask approves the request."""

    service = staticmethod(copying.approve_reproduction)
    step_up = True


class RejectReproduction(_ReproductionStep):
    """A leader rejects the request, with a reason."""

    service = staticmethod(copying.reject_reproduction)


class ExecuteReproduction(_ReproductionStep):
    """The clerk makes the approved copies: they are listed under `copies_made`."""

    service = staticmethod(copying.execute_reproduction)
