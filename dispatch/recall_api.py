"""Recall through the API (/api/v1/), by the same services as the pages.

The issuer's OA system asks copies back (`POST documents/{id}/recalls/`,
each copy by number) and confirms each one home; the recipient's lists what
is asked back of it and hands each copy back.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dispatch import recall as services
from dispatch.models import Recall, RecallItem
from dispatch.selectors import visible_recall_items, visible_recalls
from documents.api.base import ObjectStep, ScopedDetail, ScopedList, StepView
from documents.api.serializers import ReasonField
from documents.selectors import visible_documents

ROW_RELATED = ("recall__registry__unit", "recall__document", "item__copy__document", "item__recipient__registry__unit",
               "item__received_copy__document", "handed_back_by", "recovered_by")


class RecallItemOut(serializers.ModelSerializer):
    recall = serializers.CharField(source="recall.label", read_only=True)
    copy = serializers.CharField(source="item.copy.label", read_only=True)
    copy_number = serializers.IntegerField(source="item.copy.number", read_only=True)
    recipient = serializers.CharField(source="item.recipient.name", read_only=True)
    issuer = serializers.CharField(source="recall.registry.unit.name", read_only=True)
    handed_back_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    recovered_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    recipient_copy = serializers.SerializerMethodField()

    class Meta:
        model = RecallItem
        fields = ("id", "recall", "copy", "copy_number", "recipient", "issuer", "status", "handed_back_by",
                  "handed_back_at", "recovered_by", "recovered_at", "recipient_copy")
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_recipient_copy(self, row):
        copy = row.item.received_copy
        return None if copy is None else copy.label


class RecallOut(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    document = serializers.CharField(source="document.registry_number", read_only=True)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = Recall
        fields = ("id", "label", "document", "reason", "requested_by", "requested_at", "items")
        read_only_fields = fields

    @extend_schema_field(RecallItemOut(many=True))
    def get_items(self, recall):
        rows = recall.items.select_related(*ROW_RELATED).order_by("item__recipient_id", "item__copy__number")
        return RecallItemOut(rows, many=True).data


class RecallIn(serializers.Serializer):
    copies = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=100000), allow_empty=True, max_length=500,
        help_text=gettext_lazy("The copy numbers to ask back; each must have been received by its recipient."),
    )
    reason = ReasonField()


class StepReasonIn(serializers.Serializer):
    reason = ReasonField()


class RecallCopies(StepView):
    """The issuing clerk asks dispatched copies of a document back, by copy number."""

    selector = staticmethod(visible_documents)
    related = ("registry__unit",)
    input_serializer = RecallIn
    output_serializer = RecallOut
    success_status = 201

    def perform(self, document, data):
        items = {item.copy.number: item for item in services.recallable(document).select_related("copy")}
        wanted, errors = [], []
        for number in data["copies"]:
            item = items.get(number)
            if item is None:
                errors.append(_("Copy %(n)d is not with another unit or organ to be recalled.") % {"n": number})
            else:
                wanted.append(item)
        if errors:
            raise serializers.ValidationError({"copies": errors})
        return services.recall_copies(document=document, items=wanted, by=self.request.user, reason=data["reason"])


class RecallDetail(ScopedDetail):
    selector = staticmethod(visible_recalls)
    related = ("document", "requested_by", "registry")
    serializer_class = RecallOut


class RecallItemList(ScopedList):
    """Recalled copies you may see: those your registry asked back, and those asked back of a registry you keep."""

    selector = staticmethod(visible_recall_items)
    related = ROW_RELATED
    serializer_class = RecallItemOut
    sorts = {"oldest": (gettext_lazy("Oldest first"), ["pk"]), "newest": (gettext_lazy("Newest first"), ["-pk"])}
    filter_backends = ()


class RecallItemDetail(ScopedDetail):
    selector = staticmethod(visible_recall_items)
    related = ROW_RELATED
    serializer_class = RecallItemOut


class _RowStep(ObjectStep):
    selector = staticmethod(visible_recall_items)
    related = ROW_RELATED
    target = "recall_item"
    input_serializer = StepReasonIn
    output_serializer = RecallItemOut


class HandBack(_RowStep):
    """The recipient's clerk hands a recalled copy back: it leaves their registry, in transit to the issuer."""

    service = staticmethod(services.hand_back)


class ConfirmReturn(_RowStep):
    """The issuing clerk confirms a handed-back copy arrived: it is in the issuer's registry again."""

    service = staticmethod(services.confirm_return)


class RecordOrganReturn(_RowStep):
    """The issuing clerk records that an outside organ returned a recalled copy."""

    service = staticmethod(services.record_organ_return)
