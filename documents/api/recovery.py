"""Recovery to issuer through the API (documents.services.recovery): one step, all the copies or none."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.api.base import ScopedDetail, StepView
from documents.api.serializers import CopiesField, CopyBriefOut, ReasonField
from documents.models import Copy, Recovery
from documents.selectors import visible_recoveries
from documents.services import recovery


class RecoveryOut(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    registry = serializers.SlugRelatedField(slug_field="code", read_only=True)
    recovered_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    copies = serializers.SerializerMethodField()

    class Meta:
        model = Recovery
        fields = ("id", "label", "registry", "issuing_organ", "receipt_reference", "reason", "recovered_by",
                  "recovered_at", "copies")
        read_only_fields = fields

    @extend_schema_field(CopyBriefOut(many=True))
    def get_copies(self, row):
        copies = Copy.objects.filter(recovery_items__recovery_id=row.pk).select_related("document", "holder")
        return CopyBriefOut(copies.order_by("document_id", "number"), many=True).data


class RecoveryIn(serializers.Serializer):
    copies = CopiesField(help_text=_("Ids of the copies handed back, all of one registry you keep."))
    issuing_organ = serializers.CharField(max_length=200, allow_blank=True)
    receipt_reference = serializers.CharField(max_length=100, allow_blank=True, help_text=_("The issuer's receipt."))
    reason = ReasonField()


class RecoveryDetail(ScopedDetail):
    selector = staticmethod(visible_recoveries)
    serializer_class = RecoveryOut


class RecoverCopies(StepView):
    """The clerk hands copies back to the organ that issued them, against its receipt: they leave the registry."""

    selector = staticmethod(visible_recoveries)
    creates = True
    input_serializer = RecoveryIn
    output_serializer = RecoveryOut
    success_status = 201

    def perform(self, obj, data):
        return recovery.recover_copies(by=self.request.user, **data)
