"""The register of organisation and responsibility through the API (/api/v1/): read only, scoped as the pages are."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from documents.api.base import ScopedDetail, ScopedList
from registers.models import GroupMembership, PlanTask, ResponsibilityLetter, WorkPlan
from registers.selectors import visible_letters, visible_memberships, visible_plans


class MembershipOut(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    person = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = GroupMembership
        fields = ("id", "unit", "person", "position", "appointed_on", "left_on")
        read_only_fields = fields


class LetterOut(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    person = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ResponsibilityLetter
        fields = ("id", "unit", "party", "person", "signed_on", "valid_from", "valid_until", "withdrawn_on")
        read_only_fields = fields


class TaskOut(serializers.ModelSerializer):
    responsible = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = PlanTask
        fields = ("id", "task", "office", "responsible", "due_on", "done_on")
        read_only_fields = fields


class PlanOut(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)
    tasks = TaskOut(many=True, read_only=True)

    class Meta:
        model = WorkPlan
        fields = ("id", "unit", "year", "title", "adopted_on", "withdrawn_on", "tasks")
        read_only_fields = fields


class MembershipList(ScopedList):
    """The places in the secrecy groups of the units you keep or inspect, held now or in the past."""

    selector = staticmethod(visible_memberships)
    serializer_class = MembershipOut
    sorts = {"appointed": (gettext_lazy("Appointed first"), ["appointed_on", "pk"])}
    filter_backends = ()


class MembershipDetail(ScopedDetail):
    selector = staticmethod(visible_memberships)
    serializer_class = MembershipOut


class LetterList(ScopedList):
    """The responsibility letters of the units you keep or inspect, in force or withdrawn."""

    selector = staticmethod(visible_letters)
    serializer_class = LetterOut
    sorts = {"signed": (gettext_lazy("Signed first"), ["signed_on", "pk"])}
    filter_backends = ()


class LetterDetail(ScopedDetail):
    selector = staticmethod(visible_letters)
    serializer_class = LetterOut


class PlanList(ScopedList):
    """The yearly work plans of the units you keep or inspect, with their tasks."""

    selector = staticmethod(visible_plans)
    serializer_class = PlanOut
    sorts = {"year": (gettext_lazy("By year"), ["year", "pk"])}
    filter_backends = ()

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tasks__responsible")


class PlanDetail(ScopedDetail):
    selector = staticmethod(visible_plans)
    serializer_class = PlanOut

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tasks__responsible")
