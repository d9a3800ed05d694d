"""Incidents through the API (/api/v1/): read only, scoped as the pages are, with where each deadline stands."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from documents.api.base import ScopedDetail, ScopedList
from documents.models import Incident
from registers.selectors import visible_incidents
from registers.services.incidents import bureau_clock, result_clock


class RegisterIncidentOut(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    copy = serializers.CharField(source="copy.label", read_only=True, default=None, allow_null=True)
    reported_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    closed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    bureau_due = serializers.SerializerMethodField()
    bureau_state = serializers.SerializerMethodField()
    result_due = serializers.SerializerMethodField()
    result_state = serializers.SerializerMethodField()

    class Meta:
        model = Incident
        fields = ("id", "kind", "unit", "copy", "status", "discovered_at", "occurred_at", "circumstances", "source",
                  "reported_by", "reported_at", "bureau_reported_at", "bureau_report", "bureau_due", "bureau_state",
                  "result", "result_on", "result_due", "result_state", "held_responsible", "follow_up", "closed_by",
                  "closed_at", "closing_note")
        read_only_fields = fields

    def get_bureau_due(self, incident) -> str:
        return serializers.DateTimeField().to_representation(bureau_clock(incident).due)

    def get_bureau_state(self, incident) -> str:
        return bureau_clock(incident).state

    def get_result_due(self, incident) -> str:
        return result_clock(incident).due.isoformat()

    def get_result_state(self, incident) -> str:
        return result_clock(incident).state


class IncidentList(ScopedList):
    """The incidents of the units you keep or inspect (a lost copy's only within its document's scope)."""

    selector = staticmethod(visible_incidents)
    serializer_class = RegisterIncidentOut
    sorts = {"discovered": (gettext_lazy("Discovered first"), ["discovered_at", "pk"]),
             "newest": (gettext_lazy("Newest first"), ["-discovered_at", "-pk"])}
    filter_backends = ()


class IncidentDetail(ScopedDetail):
    selector = staticmethod(visible_incidents)
    serializer_class = RegisterIncidentOut
