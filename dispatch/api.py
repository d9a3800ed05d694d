"""Dispatch, receipt and returned receipts through the API (/api/v1/), by the same services as the pages.

An OA system of the issuing unit posts the dispatch list; the recipient's
system lists what is coming in and confirms each copy (by id or by its code);
the issuer records an outside organ's signed receipt.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from dispatch import services
from dispatch.models import Dispatch, DispatchItem, DispatchRecipient, Problem
from dispatch.selectors import find_coming_in, incoming_items, visible_dispatches, visible_recipients
from documents.api.base import ObjectStep, ScopedDetail, ScopedList, StepView
from documents.api.serializers import ReasonField
from documents.models import Registry
from documents.selectors import visible_documents

ITEM_RELATED = ("copy__document__registry__unit", "recipient__registry__unit", "recipient__dispatch__registry__unit",
                "received_copy__document", "settled_by")


class ItemOut(serializers.ModelSerializer):
    copy = serializers.CharField(source="copy.label", read_only=True)
    copy_number = serializers.IntegerField(source="copy.number", read_only=True)
    recipient = serializers.CharField(source="recipient.name", read_only=True)
    settled_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    received_as = serializers.SerializerMethodField()

    class Meta:
        model = DispatchItem
        fields = ("id", "copy", "copy_number", "recipient", "status", "problem", "settled_by", "settled_at",
                  "received_as")
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_received_as(self, item):
        copy = item.received_copy
        return None if copy is None else copy.label


class IncomingOut(ItemOut):
    """A copy sent to a registry the caller keeps: what the recipient may know of the issuer's registry."""

    title = serializers.CharField(source="copy.document.title", read_only=True)
    level = serializers.IntegerField(source="copy.document.level", read_only=True)
    reference_number = serializers.CharField(source="copy.document.reference_number", read_only=True)
    from_unit = serializers.CharField(source="recipient.dispatch.registry.unit.name", read_only=True)
    dispatch = serializers.CharField(source="recipient.dispatch.label", read_only=True)
    sent_at = serializers.DateTimeField(source="recipient.dispatch.sent_at", read_only=True)

    class Meta(ItemOut.Meta):
        fields = ItemOut.Meta.fields + ("title", "level", "reference_number", "from_unit", "dispatch", "sent_at")
        read_only_fields = fields


class RecipientOut(serializers.ModelSerializer):
    registry = serializers.SlugRelatedField(slug_field="code", read_only=True)
    receipt_recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = DispatchRecipient
        fields = ("id", "registry", "organ", "receipt_signed_by", "receipt_signed_on", "receipt_recorded_by",
                  "receipt_recorded_at", "items")
        read_only_fields = fields

    @extend_schema_field(ItemOut(many=True))
    def get_items(self, recipient):
        items = recipient.items.select_related("copy__document", "recipient__registry__unit", "received_copy__document",
                                               "settled_by").order_by("copy__number")
        return ItemOut(items, many=True).data


class DispatchOut(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    document = serializers.CharField(source="document.registry_number", read_only=True)
    sent_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    recipients = serializers.SerializerMethodField()

    class Meta:
        model = Dispatch
        fields = ("id", "label", "document", "reason", "sent_by", "sent_at", "recipients")
        read_only_fields = fields

    @extend_schema_field(RecipientOut(many=True))
    def get_recipients(self, dispatch):
        return RecipientOut(dispatch.recipients.select_related("registry").order_by("pk"), many=True).data


class LineIn(serializers.Serializer):
    copy = serializers.IntegerField(min_value=1, max_value=100000, help_text=gettext_lazy("The copy number."))
    registry = serializers.CharField(required=False, max_length=16,
                                     help_text=gettext_lazy("The code of the recipient unit's registry."))
    organ = serializers.CharField(required=False, max_length=200, allow_blank=True,
                                  help_text=gettext_lazy("Or the name of an outside organ."))

    def validate(self, data):
        if bool(data.get("registry")) == bool(data.get("organ")):
            raise serializers.ValidationError(_("Give either a registry code or an outside organ's name."))
        return data


class DispatchIn(serializers.Serializer):
    lines = LineIn(many=True, allow_empty=True, max_length=500)
    reason = ReasonField()


class ReceiptReasonIn(serializers.Serializer):
    reason = ReasonField()


class ReceiveByCodeIn(serializers.Serializer):
    code = serializers.CharField(max_length=64, help_text=gettext_lazy("The copy's code, typed or scanned."))
    reason = ReasonField()


class NotReceivedIn(serializers.Serializer):
    problem = serializers.ChoiceField(choices=Problem.choices)
    circumstances = serializers.CharField(max_length=4000, allow_blank=True)
    reason = ReasonField()


class ReturnedReceiptIn(serializers.Serializer):
    signed_by = serializers.CharField(max_length=200, allow_blank=True)
    signed_on = serializers.DateField()
    reason = ReasonField()


class DispatchCopies(StepView):
    """The issuing clerk sends copies of a document out: each copy number to a registry (by code) or an outside organ."""

    selector = staticmethod(visible_documents)
    related = ("registry__unit",)
    input_serializer = DispatchIn
    output_serializer = DispatchOut
    success_status = 201

    def perform(self, document, data):
        copies = {copy.number: copy for copy in document.copies.all()}
        registries = {r.code.upper(): r for r in Registry.objects.filter(
            code__in=[line["registry"] for line in data["lines"] if line.get("registry")])}
        lines, errors = [], []
        for line in data["lines"]:
            copy = copies.get(line["copy"])
            target = registries.get(line["registry"].upper()) if line.get("registry") else line.get("organ", "")
            if copy is None:
                errors.append(_("This document has no copy %(n)d.") % {"n": line["copy"]})
            elif target is None:
                errors.append(_("No registry has the code %(code)s.") % {"code": line["registry"]})
            else:
                lines.append((copy, target))
        if errors:
            raise serializers.ValidationError({"lines": errors})
        return services.dispatch_copies(document=document, lines=lines, by=self.request.user, reason=data["reason"])


class DispatchDetail(ScopedDetail):
    selector = staticmethod(visible_dispatches)
    related = ("document", "sent_by", "registry")
    serializer_class = DispatchOut


class IncomingList(ScopedList):
    """Copies sent to the registries you keep as their clerk, in transit or settled."""

    selector = staticmethod(incoming_items)
    related = ITEM_RELATED
    serializer_class = IncomingOut
    sorts = {"oldest": (gettext_lazy("Oldest first"), ["pk"]), "newest": (gettext_lazy("Newest first"), ["-pk"])}
    filter_backends = ()


class IncomingDetail(ScopedDetail):
    selector = staticmethod(incoming_items)
    related = ITEM_RELATED
    serializer_class = IncomingOut


class ReceiveCopy(ObjectStep):
    """The recipient's clerk confirms a copy arrived: it is registered in their registry with the issuer's numbers."""

    selector = staticmethod(incoming_items)
    related = ITEM_RELATED
    service = staticmethod(services.receive_copy)
    target = "item"
    input_serializer = ReceiptReasonIn
    output_serializer = IncomingOut


class ReceiveByCode(StepView):
    """The same confirmation by the copy's code: 404 when no such copy is on its way to a registry you keep."""

    selector = staticmethod(incoming_items)
    creates = True
    answers_not_found = True  # documented in the schema (documents/api/schema.py)
    input_serializer = ReceiveByCodeIn
    output_serializer = IncomingOut

    def perform(self, obj, data):
        item = find_coming_in(self.request.user, data["code"])
        if item is None:
            raise NotFound(_("No copy %(code)s is on its way to a registry you keep.") % {"code": data["code"]})
        services.receive_copy(item=item, by=self.request.user, reason=data["reason"])
        return incoming_items(self.request.user).select_related(*ITEM_RELATED).get(pk=item.pk)


class ReportNotReceived(ObjectStep):
    """The recipient's clerk reports a copy missing or the wrong one: a loss incident opens at the issuer."""

    selector = staticmethod(incoming_items)
    related = ITEM_RELATED
    service = staticmethod(services.report_not_received)
    target = "item"
    input_serializer = NotReceivedIn
    output_serializer = IncomingOut


class RecordReturnedReceipt(ObjectStep):
    """The issuing clerk records who at an outside organ signed the receipt slip, and when."""

    selector = staticmethod(visible_recipients)
    related = ("registry", "dispatch__registry__unit")
    service = staticmethod(services.record_returned_receipt)
    target = "recipient"
    input_serializer = ReturnedReceiptIn
    output_serializer = RecipientOut
