"""Destruction through the API: the same services as the pages (documents.services.destruction).

The clerk prepares a list of copies of one registry, edits it while it is a
draft and submits it; a leader who did not prepare it approves (or rejects);
a clerk other than the approver records the execution: date, place, method
and two different witnesses. An executed list is final.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.api.base import ObjectStep, ScopedDetail, StepView
from documents.api.circulation import ReasonIn
from documents.api.serializers import CopiesField, CopyBriefOut, ReasonField, RegistryField, UserField
from documents.models import Copy, DestructionList, DestructionMethod
from documents.selectors import visible_destruction_lists
from documents.services import destruction


def _username(**kwargs):
    return serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True, **kwargs)


class DestructionListOut(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    registry = serializers.SlugRelatedField(slug_field="code", read_only=True)
    prepared_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    approved_by = _username()
    rejected_by = _username()
    executed_by = _username()
    witness_1 = _username()
    witness_2 = _username()
    copies = serializers.SerializerMethodField()
    devices = serializers.SerializerMethodField()

    class Meta:
        model = DestructionList
        fields = (
            "id", "label", "registry", "status", "reason", "prepared_by", "prepared_at", "submitted_at",
            "approved_by", "rejected_by", "decided_at", "decision_reason", "executed_by", "executed_on",
            "executed_at", "place", "method", "witness_1", "witness_2", "witness_1_confirmed_at",
            "witness_2_confirmed_at", "copies", "devices",
        )
        read_only_fields = fields

    @extend_schema_field(CopyBriefOut(many=True))
    def get_copies(self, dlist):
        copies = Copy.objects.filter(destruction_items__list_id=dlist.pk).select_related("document", "holder")
        return CopyBriefOut(copies.order_by("document_id", "number"), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), help_text=_("Asset numbers.")))
    def get_devices(self, dlist):
        return list(dlist.device_items.order_by("device__asset_number").values_list("device__asset_number", flat=True))


class PrepareIn(serializers.Serializer):
    registry = RegistryField(help_text=_("Code of the registry you keep whose copies are listed."))
    copies = CopiesField(help_text=_("Ids of copies in that registry."))
    reason = ReasonField()


class CopiesIn(serializers.Serializer):
    copies = CopiesField(help_text=_("Ids of copies."))
    reason = ReasonField()


class ExecuteIn(serializers.Serializer):
    executed_on = serializers.DateField(help_text=_("The date the copies were destroyed."))
    place = serializers.CharField(max_length=200, allow_blank=True, help_text=_("The designated place."))
    method = serializers.ChoiceField(choices=DestructionMethod.choices)
    witness_1 = UserField(help_text=_("Username of the first witness."))
    witness_2 = UserField(help_text=_("Username of the second witness, another person."))
    reason = ReasonField()


DLIST_RELATED = ("registry", "prepared_by", "approved_by", "rejected_by", "executed_by", "witness_1", "witness_2")


def _fresh(dlist):
    # The actor has just changed the list: read it back as it now stands.
    return DestructionList.objects.select_related(*DLIST_RELATED).get(pk=dlist.pk)


class DestructionListDetail(ScopedDetail):
    """A destruction list with its copies and devices."""

    selector = staticmethod(visible_destruction_lists)
    serializer_class = DestructionListOut


class PrepareDestructionList(StepView):
    """The clerk prepares a draft list of copies of one registry."""

    selector = staticmethod(visible_destruction_lists)
    creates = True
    input_serializer = PrepareIn
    output_serializer = DestructionListOut
    success_status = 201

    def perform(self, obj, data):
        return _fresh(destruction.prepare_destruction_list(by=self.request.user, **data))


class _ListStep(ObjectStep):
    selector = staticmethod(visible_destruction_lists)
    related = DLIST_RELATED
    input_serializer = ReasonIn
    output_serializer = DestructionListOut
    target = "dlist"


class AddCopies(_ListStep):
    """The clerk adds copies to a draft list."""

    input_serializer = CopiesIn
    service = staticmethod(destruction.add_to_destruction_list)


class RemoveCopies(_ListStep):
    """The clerk takes copies off a draft list."""

    input_serializer = CopiesIn
    service = staticmethod(destruction.remove_from_destruction_list)


class SubmitDestructionList(_ListStep):
    """The clerk submits the draft for a leader's approval."""

    service = staticmethod(destruction.submit_destruction_list)


class ApproveDestructionList(_ListStep):
    """A leader who did not prepare the list approves it."""

    service = staticmethod(destruction.approve_destruction_list)
    step_up = True


class RejectDestructionList(_ListStep):
    """A leader rejects a submitted list, or withdraws an approval not yet carried out."""

    service = staticmethod(destruction.reject_destruction_list)


class ExecuteDestructionList(_ListStep):
    """A clerk, not the approver, records the destruction before two witnesses: the copies become destroyed."""

    input_serializer = ExecuteIn
    service = staticmethod(destruction.execute_destruction_list)
