"""Inventories through the API: the same services as the pages (documents.services.inventory).

The clerk opens an inventory of a registry (every copy the ledger says is
there or out with someone, and every device and medium of its unit not
scrapped), marks copies seen by their code as a scanner sends it (a device by
its asset number), records problems, closes it (what was not seen counts as
missing); an inspector of the unit signs it off. The devices are read here;
a device's problem is recorded on its page.
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_field
from rest_framework import serializers

from documents.api.base import ScopedDetail, StepView
from documents.api.circulation import ReasonIn
from documents.api.serializers import ReasonField, RegistryField, UserField
from documents.models import DEVICE_RESULTS, Inventory, InventoryDeviceItem, InventoryItem, ItemResult
from documents.selectors import visible_inventories
from documents.services import inventory
from documents.views.utils import get_visible_or_404


def _username(**kwargs):
    return serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True, **kwargs)


class InventoryItemOut(serializers.ModelSerializer):
    copy_label = serializers.CharField(source="copy.label", read_only=True)
    expected_holder = _username()
    found_holder = _username()
    checked_by = _username()

    class Meta:
        model = InventoryItem
        fields = ("id", "copy", "copy_label", "expected_status", "expected_holder", "result", "found_holder", "note",
                  "checked_by", "checked_at")
        read_only_fields = fields


class ScanOut(InventoryItemOut):
    repeat = serializers.BooleanField(
        read_only=True, help_text=_("True when the copy was already checked: nothing changed; checked_by and checked_at "
                                    "say who checked it first and when.")
    )

    class Meta(InventoryItemOut.Meta):
        fields = (*InventoryItemOut.Meta.fields, "repeat")
        read_only_fields = fields


class InventoryDeviceItemOut(serializers.ModelSerializer):
    asset_number = serializers.CharField(source="device.asset_number", read_only=True)
    kind = serializers.CharField(source="device.kind", read_only=True)
    expected_custodian = _username()
    found_custodian = _username()
    checked_by = _username()

    class Meta:
        model = InventoryDeviceItem
        fields = ("id", "device", "asset_number", "kind", "expected_status", "expected_custodian", "result",
                  "found_custodian", "note", "checked_by", "checked_at")
        read_only_fields = fields


class DeviceScanOut(InventoryDeviceItemOut):
    repeat = serializers.BooleanField(read_only=True)

    class Meta(InventoryDeviceItemOut.Meta):
        fields = (*InventoryDeviceItemOut.Meta.fields, "repeat")
        read_only_fields = fields


class InventoryOut(serializers.ModelSerializer):
    registry = serializers.SlugRelatedField(slug_field="code", read_only=True)
    opened_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    closed_by = _username()
    signed_off_by = _username()
    counts = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()
    device_counts = serializers.SerializerMethodField()
    devices = serializers.SerializerMethodField()

    class Meta:
        model = Inventory
        fields = ("id", "registry", "status", "purpose", "opened_by", "opened_at", "closed_by", "closed_at",
                  "signed_off_by", "signed_off_at", "sign_off_note", "counts", "items", "device_counts", "devices")
        read_only_fields = fields

    @extend_schema_field(
        serializers.DictField(child=serializers.IntegerField(), help_text=_("Copies by result, e.g. seen, missing."))
    )
    def get_counts(self, row):
        counts = dict(row.items.order_by().values_list("result").annotate(n=Count("pk")))
        return {value: counts.get(value, 0) for value in ItemResult.values}

    @extend_schema_field(InventoryItemOut(many=True))
    def get_items(self, row):
        items = row.items.select_related("copy__document", "expected_holder", "found_holder", "checked_by")
        return InventoryItemOut(items.order_by("copy_id"), many=True).data

    @extend_schema_field(
        serializers.DictField(child=serializers.IntegerField(), help_text=_("Devices and media by result."))
    )
    def get_device_counts(self, row):
        counts = dict(row.device_items.order_by().values_list("result").annotate(n=Count("pk")))
        return {result.value: counts.get(result.value, 0) for result in DEVICE_RESULTS}

    @extend_schema_field(InventoryDeviceItemOut(many=True))
    def get_devices(self, row):
        items = row.device_items.select_related("device", "expected_custodian", "found_custodian", "checked_by")
        return InventoryDeviceItemOut(items.order_by("device_id"), many=True).data


class OpenInventoryIn(serializers.Serializer):
    registry = RegistryField(help_text=_("Code of the registry you keep."))
    # The inventory's purpose is its reason (300 characters at most).
    reason = serializers.CharField(max_length=300, allow_blank=True, help_text=_("The purpose, e.g. annual inventory."))


class MarkSeenIn(serializers.Serializer):
    code = serializers.CharField(
        max_length=100,
        help_text=_("Registry number and copy number, e.g. BGS-2026-00017-3, as a scanner sends it, or a device's asset number."),
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ProblemIn(serializers.Serializer):
    result = serializers.ChoiceField(choices=ItemResult.choices)
    found_holder = UserField(required=False, allow_null=True, default=None, help_text=_("Who actually holds the copy."))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    reason = ReasonField()


class SignOffIn(serializers.Serializer):
    note = serializers.CharField(max_length=2000, allow_blank=True, help_text=_("The inspector's note."))
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class InventoryDetail(ScopedDetail):
    """An inventory with its count per result and every copy in it."""

    selector = staticmethod(visible_inventories)
    serializer_class = InventoryOut


class OpenInventory(StepView):
    """The clerk opens an inventory of a registry they keep (one open inventory per registry)."""

    selector = staticmethod(visible_inventories)
    creates = True
    input_serializer = OpenInventoryIn
    output_serializer = InventoryOut
    success_status = 201

    def perform(self, obj, data):
        return inventory.open_inventory(by=self.request.user, **data)


class MarkSeen(StepView):
    """The clerk has the copy in hand, or sees it with its holder: mark it seen by its code.

    A copy out with a reader or on loan becomes `with_holder`. Scanning it twice changes nothing (`repeat`).
    A device's asset number answers the device's row instead (`asset_number` in place of `copy_label`).
    """

    selector = staticmethod(visible_inventories)
    input_serializer = MarkSeenIn
    output_serializer = ScanOut

    @extend_schema(responses=PolymorphicProxySerializer(
        component_name="InventoryScan", serializers=[ScanOut, DeviceScanOut], resource_type_field_name=None,
    ))
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def perform(self, row, data):
        item = inventory.mark_seen(inventory=row, by=self.request.user, code=data["code"], reason=data["reason"] or None)
        if isinstance(item, InventoryDeviceItem):
            self.output_serializer = DeviceScanOut  # this answer only: the view is made anew for each request
            answer = InventoryDeviceItem.objects.select_related("device").get(pk=item.pk)
            answer.repeat = item.repeat
            return answer
        answer = InventoryItem.objects.select_related("copy__document").get(pk=item.pk)
        answer.repeat = item.repeat
        return answer


class RecordProblem(StepView):
    """The clerk records what was found for one copy: missing, damaged, with the wrong holder (or seen after all)."""

    selector = staticmethod(visible_inventories)
    input_serializer = ProblemIn
    output_serializer = InventoryItemOut

    def get_object(self):
        row = super().get_object()
        return get_visible_or_404(row.items.all(), pk=self.kwargs["item_pk"], request=self.request)

    def perform(self, item, data):
        item = inventory.record_problem(item=item, by=self.request.user, **data)
        return InventoryItem.objects.select_related("copy__document").get(pk=item.pk)


class CloseInventory(StepView):
    """The clerk closes the inventory: a copy in the registry not seen counts as missing, one out with a
    holder nobody confirmed as `unconfirmed`."""

    selector = staticmethod(visible_inventories)
    input_serializer = ReasonIn
    output_serializer = InventoryOut

    def perform(self, row, data):
        return inventory.close_inventory(inventory=row, by=self.request.user, **data)


class SignOff(StepView):
    """An inspector of the unit signs off a closed inventory."""

    selector = staticmethod(visible_inventories)
    input_serializer = SignOffIn
    output_serializer = InventoryOut

    def perform(self, row, data):
        return inventory.sign_off(inventory=row, by=self.request.user, note=data["note"], reason=data["reason"] or None)
