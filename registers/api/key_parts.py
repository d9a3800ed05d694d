"""Key parts and their checks through the API (/api/v1/): read only, scoped as the pages are."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from documents.api.base import ScopedDetail, ScopedList
from registers.models import KeyPart, KeyPartCheck
from registers.selectors import visible_key_parts


class KeyPartCheckOut(serializers.ModelSerializer):
    checked_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = KeyPartCheck
        fields = ("id", "checked_on", "checked_by", "result", "findings")
        read_only_fields = fields


class KeyPartOut(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    key_department = serializers.BooleanField(source="unit.is_key_department", read_only=True)
    responsible = serializers.SlugRelatedField(slug_field="username", read_only=True)
    checks = KeyPartCheckOut(many=True, read_only=True)

    class Meta:
        model = KeyPart
        fields = ("id", "unit", "key_department", "name", "location", "protections", "responsible", "withdrawn_on",
                  "checks")
        read_only_fields = fields


class KeyPartList(ScopedList):
    """The key parts of the units you keep or inspect, with their checks, newest check first."""

    selector = staticmethod(visible_key_parts)
    serializer_class = KeyPartOut
    sorts = {"name": (gettext_lazy("By name"), ["name", "pk"])}
    filter_backends = ()

    def get_queryset(self):
        return super().get_queryset().prefetch_related("checks__checked_by")


class KeyPartDetail(ScopedDetail):
    selector = staticmethod(visible_key_parts)
    serializer_class = KeyPartOut
