"""Access log filters (django-filter): kind, person, date range."""

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AccessEvent, AccessKind

DATE = forms.DateInput(attrs={"type": "date"})


class AccessEventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(field_name="kind", choices=AccessKind.choices, label=_("Kind"))
    user = django_filters.ModelChoiceFilter(
        field_name="user", queryset=get_user_model().objects.order_by("username"), label=_("Person")
    )
    username = django_filters.CharFilter(field_name="username", lookup_expr="icontains", label=_("User name contains"))
    date_from = django_filters.DateFilter(method="from_day", label=_("From"), widget=DATE)
    date_to = django_filters.DateFilter(method="to_day", label=_("to"), widget=DATE)

    class Meta:
        model = AccessEvent
        fields = []

    # Whole local days, as bounds on the indexed timestamp (not `at__date`).
    def from_day(self, queryset, name, value):
        return queryset.filter(at__gte=_start_of(value))

    def to_day(self, queryset, name, value):
        return queryset.filter(at__lt=_start_of(value + datetime.timedelta(days=1)))


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
