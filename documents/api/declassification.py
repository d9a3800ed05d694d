"""Declassification and change of classification through the API (documents.services.declassification.decide)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from documents.api.base import StepView, api_proof
from documents.levels import Level
from documents.models import ClassificationDecision, DecisionKind
from documents.selectors import visible_documents
from documents.services import declassification


class ClassificationDecisionOut(serializers.ModelSerializer):
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ClassificationDecision
        fields = (
            "id", "document", "kind", "old_level", "old_period_years", "old_period_ends_on", "new_level",
            "new_period_years", "new_period_ends_on", "basis", "decided_by", "decided_at",
        )
        read_only_fields = fields


class ClassificationDecisionIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    new_level = serializers.ChoiceField(
        choices=Level.choices, required=False, allow_null=True, default=None,
        help_text=_("For a change of level: the new level."),
    )
    new_period_years = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text=_("For an extension (required) or a change of level (default: the level's period)."),
    )
    basis = serializers.CharField(
        max_length=1000, allow_blank=True, help_text=_("The basis of the decision: recorded in the history as its reason.")
    )


class DecideClassification(StepView):
    """A leader in the document's knowledge scope declassifies it, extends its secrecy period or changes its level."""

    selector = staticmethod(visible_documents)
    input_serializer = ClassificationDecisionIn
    output_serializer = ClassificationDecisionOut
    success_status = 201

    def perform(self, document, data):
        return declassification.decide(document=document, by=self.request.user, proof=api_proof(self.request), **data)
