"""Items reviewed for publication and data given outside, through the API (/api/v1/): read only, scoped as the pages."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from documents.api.base import ScopedDetail, ScopedList
from registers.models import Provision, Publication
from registers.selectors import visible_provisions, visible_publications


class PublicationOut(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    submitter = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Publication
        fields = ("id", "unit", "title", "channel", "submitted_by", "submitter", "reviewer", "registered_on", "decision",
                  "changes", "decided_on", "released_on", "withdrawn_on")
        read_only_fields = fields


class ProvisionOut(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Provision
        fields = ("id", "unit", "recipient", "letter_number", "purpose", "sealed", "approved_by", "description", "copies",
                  "provided_on", "withdrawn_on")
        read_only_fields = fields


class PublicationList(ScopedList):
    """The items reviewed for publication of the units you keep or inspect, newest first."""

    selector = staticmethod(visible_publications)
    serializer_class = PublicationOut
    sorts = {"newest": (gettext_lazy("Newest first"), ["-registered_on", "-pk"]),
             "oldest": (gettext_lazy("Oldest first"), ["registered_on", "pk"])}
    filter_backends = ()


class PublicationDetail(ScopedDetail):
    selector = staticmethod(visible_publications)
    serializer_class = PublicationOut


class ProvisionList(ScopedList):
    """What the units you keep or inspect provided to outside units, newest first."""

    selector = staticmethod(visible_provisions)
    serializer_class = ProvisionOut
    sorts = {"newest": (gettext_lazy("Newest first"), ["-provided_on", "-pk"]),
             "oldest": (gettext_lazy("Oldest first"), ["provided_on", "pk"])}
    filter_backends = ()


class ProvisionDetail(ScopedDetail):
    selector = staticmethod(visible_provisions)
    serializer_class = ProvisionOut
