"""Rules of secrecy work through the API (/api/v1/): read only, scoped as the pages are."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from documents.api.base import ScopedDetail, ScopedList
from registers.models import Rule
from registers.selectors import visible_rules


class RuleOut(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    in_force = serializers.BooleanField(read_only=True)

    class Meta:
        model = Rule
        fields = ("id", "unit", "name", "scope", "adopted_on", "revised_on", "approved_by", "kept_at", "withdrawn_on",
                  "in_force")
        read_only_fields = fields


class RuleList(ScopedList):
    """The rules of the units you keep or inspect, in force or withdrawn."""

    selector = staticmethod(visible_rules)
    serializer_class = RuleOut
    sorts = {"adopted": (gettext_lazy("Adopted first"), ["adopted_on", "pk"]),
             "newest": (gettext_lazy("Newest first"), ["-adopted_on", "-pk"])}
    filter_backends = ()


class RuleDetail(ScopedDetail):
    selector = staticmethod(visible_rules)
    serializer_class = RuleOut
