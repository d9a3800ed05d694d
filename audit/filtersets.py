"""Access log filters (django-filter): kind, person, date range."""

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AccessEvent, AccessKind
from documents.forms.people_picker import PersonPicker, person_label


def logged_people():
    """Whom the access log can be filtered by: every account, disabled ones too (an inspector audits everyone)."""
    return get_user_model().objects.order_by("username")


class PersonFilter(django_filters.ModelChoiceFilter):
    """A person's id in the query string, picked by type-ahead: the log covers every account, so never a select of them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", PersonPicker(multiple=False))
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        field.label_from_instance = person_label
        field.widget.search_url = reverse("audit:people")
        return field

DATE = forms.DateInput(attrs={"type": "date"})


class AccessEventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(field_name="kind", choices=AccessKind.choices, label=_("Kind"))
    user = PersonFilter(field_name="user", queryset=logged_people(), label=_("Person"))
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
