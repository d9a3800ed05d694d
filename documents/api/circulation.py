"""Circulation and loss through the API: the same services as the pages, step by step.

An OA system moves a copy round a reading list with a token and nothing else:
propose (clerk) → approve (leader) → hand out / mark read / take back, reader
after reader. There is no step that gives a copy from one reader to another.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from documents.api.base import ObjectStep, ScopedDetail, StepView
from documents.api.serializers import ReasonField, UserField
from documents.models import Circulation, CirculationEntry, Incident
from documents.selectors import visible_circulations, visible_copies
from documents.services import circulation, loss


class EntryOut(serializers.ModelSerializer):
    reader = serializers.SlugRelatedField(slug_field="username", read_only=True)
    handed_out_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    received_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = CirculationEntry
        fields = ("position", "reader", "handed_out_at", "handed_out_by", "read_at", "comment", "returned_at", "received_by")
        read_only_fields = fields


class CirculationOut(serializers.ModelSerializer):
    copy_label = serializers.CharField(source="copy.label", read_only=True)
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    entries = serializers.SerializerMethodField()

    class Meta:
        model = Circulation
        fields = (
            "id", "copy", "copy_label", "status", "proposed_by", "proposed_at", "decided_by", "decided_at",
            "decision_reason", "ended_at", "entries",
        )
        read_only_fields = fields

    def get_entries(self, circulation_row) -> list[dict]:
        # The row handed back by a service may be stale; entries are read afresh.
        entries = CirculationEntry.objects.filter(circulation_id=circulation_row.pk).select_related(
            "reader", "handed_out_by", "received_by"
        ).order_by("position")
        return EntryOut(entries, many=True).data


class ProposeIn(serializers.Serializer):
    readers = serializers.ListField(
        child=UserField(), min_length=1, max_length=12, help_text=_("Usernames in reading order, each in the scope.")
    )
    reason = ReasonField()


class ApproveIn(serializers.Serializer):
    readers = serializers.ListField(
        child=UserField(), required=False, min_length=1, max_length=12,
        help_text=_("Give it to approve an edited list; leave it out to approve the list as proposed."),
    )
    reason = ReasonField()


class ReasonIn(serializers.Serializer):
    reason = ReasonField()


class MarkReadIn(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    reason = ReasonField()


class CirculationDetail(ScopedDetail):
    """One circulation with every hand-out and return."""

    selector = staticmethod(visible_circulations)
    serializer_class = CirculationOut


class ProposeCirculation(StepView):
    """The clerk proposes a reading list for a copy in the registry."""

    selector = staticmethod(visible_copies)
    input_serializer = ProposeIn
    output_serializer = CirculationOut
    success_status = 201

    def perform(self, copy, data):
        return circulation.propose_circulation(copy=copy, by=self.request.user, **data)


class _CirculationStep(ObjectStep):
    selector = staticmethod(visible_circulations)
    input_serializer = ReasonIn
    output_serializer = CirculationOut
    target = "circulation"


class ApproveCirculation(_CirculationStep):
    """A leader of the unit, not the proposer, approves the list (or an edited one)."""

    input_serializer = ApproveIn
    service = staticmethod(circulation.approve_circulation)


class RejectCirculation(_CirculationStep):
    """A leader rejects the list, with a reason."""

    service = staticmethod(circulation.reject_circulation)


class HandOut(_CirculationStep):
    """The clerk hands the copy, from the registry, to the next reader on the approved list."""

    service = staticmethod(circulation.hand_out)


class MarkRead(_CirculationStep):
    """The reader holding the copy marks it read, with an optional comment."""

    input_serializer = MarkReadIn
    service = staticmethod(circulation.mark_read)


class TakeBack(_CirculationStep):
    """The clerk takes the copy back from the reader into the registry."""

    service = staticmethod(circulation.take_back)


class CancelCirculation(_CirculationStep):
    """The clerk or a leader cancels a circulation while nobody holds the copy."""

    service = staticmethod(circulation.cancel_circulation)


class IncidentOut(serializers.ModelSerializer):
    copy_label = serializers.CharField(source="copy.label", read_only=True)
    reported_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Incident
        fields = ("id", "copy", "copy_label", "status", "reported_by", "reported_at", "occurred_at", "circumstances",
                  "notified", "follow_up")
        read_only_fields = fields


class ReportLossIn(serializers.Serializer):
    circumstances = serializers.CharField(max_length=4000, allow_blank=True)
    notified = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    occurred_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    reason = ReasonField()


class ReportLoss(StepView):
    """The holder of a copy, or the clerk, reports it lost: an incident opens."""

    selector = staticmethod(visible_copies)
    input_serializer = ReportLossIn
    output_serializer = IncidentOut
    success_status = 201

    def perform(self, copy, data):
        return loss.report_loss(copy=copy, by=self.request.user, **data)
