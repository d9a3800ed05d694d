"""Education and publicity events with their attendance through the API (/api/v1/): read only, scoped as the pages are."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from documents.api.base import ScopedDetail, ScopedList
from registers.models import Attendance, EducationEvent
from registers.selectors import visible_education_events


class AttendanceOut(serializers.ModelSerializer):
    person = serializers.SlugRelatedField(slug_field="username", read_only=True)
    hours_attended = serializers.DecimalField(max_digits=4, decimal_places=1, read_only=True)

    class Meta:
        model = Attendance
        fields = ("id", "person", "present", "hours_attended", "certificate")
        read_only_fields = fields


class EventOut(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    attendances = AttendanceOut(many=True, read_only=True)

    class Meta:
        model = EducationEvent
        fields = ("id", "unit", "kind", "name", "organiser", "held_on", "hours", "withdrawn_on", "attendances")
        read_only_fields = fields


class EventList(ScopedList):
    """The education and publicity events of the units you keep or inspect, with their attendance."""

    selector = staticmethod(visible_education_events)
    serializer_class = EventOut
    sorts = {"held": (gettext_lazy("Held first"), ["held_on", "pk"]),
             "newest": (gettext_lazy("Newest first"), ["-held_on", "-pk"])}
    filter_backends = ()

    def get_queryset(self):
        return super().get_queryset().prefetch_related("attendances__person", "attendances__event")


class EventDetail(ScopedDetail):
    selector = staticmethod(visible_education_events)
    serializer_class = EventOut

    def get_queryset(self):
        return super().get_queryset().prefetch_related("attendances__person", "attendances__event")
