"""Meetings through the API (/api/v1/): read only, scoped as the pages are; a secret-related meeting's copies with
where each one is."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from documents.api.base import ScopedDetail, ScopedList
from registers.models import Meeting
from registers.selectors import visible_meetings
from registers.services.meetings import materials


class MeetingOut(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    attendees = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ("id", "unit", "kind", "name", "held_on", "chaired_by", "attendees", "guests", "topics", "decisions",
                  "ended_at", "withdrawn_on")
        read_only_fields = fields

    def get_attendees(self, meeting) -> list[str]:
        return [row.person.username for row in meeting.attendees.all()]


class MeetingWithCopiesOut(MeetingOut):
    """One meeting with its copies of the materials (the list leaves them out: three queries a meeting)."""

    copies = serializers.SerializerMethodField()

    class Meta(MeetingOut.Meta):
        fields = (*MeetingOut.Meta.fields, "copies")
        read_only_fields = fields

    def get_copies(self, meeting) -> list[dict]:
        if not meeting.is_secret:
            return []
        return [{
            "copy": material.copy.label,
            "attendee": material.attendee.username if material.attendee else None,
            "handed_out_at": material.entry.handed_out_at if material.entry else None,
            "returned_at": material.entry.returned_at if material.entry else None,
            "out": material.is_out,
            "late": material.late,
        } for material in materials(meeting)]


class MeetingList(ScopedList):
    """The meetings of the units you keep or inspect, newest first."""

    selector = staticmethod(visible_meetings)
    serializer_class = MeetingOut
    sorts = {"newest": (gettext_lazy("Newest first"), ["-held_on", "-pk"]),
             "held": (gettext_lazy("Oldest first"), ["held_on", "pk"])}
    filter_backends = ()

    def get_queryset(self):
        return super().get_queryset().prefetch_related("attendees__person")


class MeetingDetail(ScopedDetail):
    selector = staticmethod(visible_meetings)
    serializer_class = MeetingWithCopiesOut
