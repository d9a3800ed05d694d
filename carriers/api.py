"""Periodic device checks, loans of media and non-classified computers through the API (/api/v1/): read only,
scoped as the pages are (another unit's entry is not found)."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from carriers.models import MediumLoan, OpenComputer, PeriodicCheck
from carriers.selectors import visible_medium_loans, visible_open_computers, visible_periodic_checks
from documents.api.base import ScopedDetail, ScopedList


class PeriodicCheckOut(serializers.ModelSerializer):
    device = serializers.CharField(source="device.asset_number", read_only=True)
    checked_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    failed_points = serializers.SerializerMethodField()

    class Meta:
        model = PeriodicCheck
        fields = ("id", "device", "checked_on", "checked_by", "internet_sound", "antivirus_sound", "wireless_sound",
                  "cross_use_sound", "seals_sound", "failed_points", "result", "findings")
        read_only_fields = fields

    def get_failed_points(self, check) -> list[str]:
        return [point.value for point in check.failed_points]


class MediumLoanOut(serializers.ModelSerializer):
    device = serializers.CharField(source="device.asset_number", read_only=True)
    borrower = serializers.SlugRelatedField(slug_field="username", read_only=True)
    lent_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    received_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = MediumLoan
        fields = ("id", "device", "borrower", "lent_on", "due_on", "lent_by", "returned_on", "received_by",
                  "returned_complete", "return_note", "overdue")
        read_only_fields = fields


class OpenComputerOut(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = OpenComputer
        fields = ("id", "unit", "asset_number", "user", "location", "network", "network_name", "registered_on",
                  "withdrawn_on")
        read_only_fields = fields


class PeriodicCheckList(ScopedList):
    """The periodic checks of the devices of the registers you keep or read, newest first."""

    selector = staticmethod(visible_periodic_checks)
    serializer_class = PeriodicCheckOut
    sorts = {"newest": (gettext_lazy("Newest first"), ["-checked_on", "-pk"])}
    filter_backends = ()


class PeriodicCheckDetail(ScopedDetail):
    selector = staticmethod(visible_periodic_checks)
    serializer_class = PeriodicCheckOut


class MediumLoanList(ScopedList):
    """Loans of media of the registers you keep or read, and your own loans, newest first."""

    selector = staticmethod(visible_medium_loans)
    serializer_class = MediumLoanOut
    sorts = {"newest": (gettext_lazy("Newest first"), ["-lent_on", "-pk"])}
    filter_backends = ()


class MediumLoanDetail(ScopedDetail):
    selector = staticmethod(visible_medium_loans)
    serializer_class = MediumLoanOut


class OpenComputerList(ScopedList):
    """The non-classified computers of the units whose device registers you keep or read."""

    selector = staticmethod(visible_open_computers)
    serializer_class = OpenComputerOut
    sorts = {"asset": (gettext_lazy("By asset number"), ["asset_number", "pk"])}
    filter_backends = ()


class OpenComputerDetail(ScopedDetail):
    selector = staticmethod(visible_open_computers)
    serializer_class = OpenComputerOut
