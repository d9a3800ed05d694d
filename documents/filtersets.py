"""Ledger filters (django-filter): one set for the per-copy ledger, one for the per-document one."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from documents.codes import parse_code
from documents.forms.people_picker import PersonPicker, person_label
from documents.forms.widgets import QuickSelect
from documents.levels import Level
from documents.models import Copy, CopyStatus, Direction, Document, DocumentType
from documents.selectors import holders_seen_by, storage_locations_seen_by
from people.models import Unit

DATE = forms.DateInput(attrs={"type": "date"})


def _holders(request):
    """Whom a holder filter accepts: the people of the viewer's units (`holders_seen_by`), on the page and in the API."""
    return holders_seen_by(request.user) if request is not None else holders_seen_by(None)


class HolderFilter(django_filters.ModelChoiceFilter):
    """The ledger's "Holder": a person's id in the query string, picked by the type-ahead, never a select of every account.

    An id outside the viewer's set (unknown, another unit's person) makes the
    filter form invalid: the page shows the error and no rows, the API a 400.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", _holders)
        kwargs.setdefault("label", _("Holder"))
        kwargs.setdefault("widget", PersonPicker(multiple=False))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("No one the ledger can filter by has this number; pick a holder the list offers.")},
        )
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        field.label_from_instance = person_label
        field.widget.search_url = reverse("documents:people_ledger_holders")
        return field


def _location_filter():
    """The ledger's "Kept at": the places of the registries the viewer keeps or inspects."""
    return django_filters.ModelChoiceFilter(
        method="kept_at",
        queryset=lambda request: storage_locations_seen_by(request.user if request is not None else None),
        label=_("Kept at"),
        widget=QuickSelect,
        error_messages={"invalid_choice": _("No place of storage you keep has this number; pick one the list offers.")},
    )


class _LedgerFilter(django_filters.FilterSet):
    # Path from the filtered model to its Document ("" or "document__").
    to_document = ""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"placeholder": _("Registry no., copy code, reference no. or part of the title")}),
    )
    level = django_filters.ChoiceFilter(
        method="by_document", choices=Level.choices, label=_("Level"), widget=QuickSelect
    )
    direction = django_filters.ChoiceFilter(
        method="by_document", choices=Direction.choices, label=_("Direction"), widget=QuickSelect
    )
    document_type = django_filters.ChoiceFilter(
        method="by_document", choices=DocumentType.choices, label=_("Type"), widget=QuickSelect
    )
    unit = django_filters.ModelChoiceFilter(
        method="by_unit", queryset=lambda request: Unit.objects.order_by("name"), label=_("Unit"), widget=QuickSelect
    )
    registered_from = django_filters.DateFilter(method="registered_from_filter", label=_("Registered from"), widget=DATE)
    registered_to = django_filters.DateFilter(method="registered_to_filter", label=_("to"), widget=DATE)

    def __init__(self, data=None, *args, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        if user is not None:
            self.filters["holder"].queryset = lambda request: holders_seen_by(user)
            self.filters["location"].queryset = lambda request: storage_locations_seen_by(user)

    def _path(self, name):
        return f"{self.to_document}{name}"

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        code = parse_code(value)
        if code is not None:
            # A scanned or typed code names one document (or one copy): padding and case do not matter.
            return queryset.filter(**code.document_filter(self.to_document), **self.copy_of(code))
        return queryset.filter(
            Q(**{self._path("registry_number__icontains"): value})
            | Q(**{self._path("reference_number__icontains"): value})
            | Q(**{self._path("title__icontains"): value})
        )

    def copy_of(self, code):
        """Filters on the row itself for a copy's code: none on a document's row (it holds the copy)."""
        return {}

    def by_document(self, queryset, name, value):
        return queryset.filter(**{self._path(name): value})

    @extend_schema_field(OpenApiTypes.INT)  # the API schema: a unit's id
    def by_unit(self, queryset, name, value):
        return queryset.filter(**{self._path("registry__unit"): value})

    @extend_schema_field(OpenApiTypes.INT)  # the API schema: a storage location's id
    def kept_at(self, queryset, name, value):
        """A copy kept there; a document with a copy kept there."""
        if self.to_document:
            return queryset.filter(location=value)
        return queryset.filter(Exists(Copy.objects.filter(document=OuterRef("pk"), location=value)))

    def registered_from_filter(self, queryset, name, value):
        return queryset.filter(**{self._path("created_at__date__gte"): value})

    def registered_to_filter(self, queryset, name, value):
        return queryset.filter(**{self._path("created_at__date__lte"): value})


class CopyLedgerFilter(_LedgerFilter):
    to_document = "document__"
    # Filters on the copy itself; the others are on its document.
    copy_filters = ("status", "holder", "location")
    status = django_filters.ChoiceFilter(
        field_name="status", choices=CopyStatus.choices, label=_("Status"), widget=QuickSelect
    )
    holder = HolderFilter(field_name="holder")
    location = _location_filter()

    class Meta:
        model = Copy
        fields = []

    def copy_of(self, code):
        return {"number": code.copy} if code.copy is not None else {}


class DocumentLedgerFilter(_LedgerFilter):
    status = django_filters.ChoiceFilter(
        method="with_copy", choices=CopyStatus.choices, label=_("Has a copy"), widget=QuickSelect
    )
    holder = HolderFilter(method="held_by")
    location = _location_filter()

    class Meta:
        model = Document
        fields = []

    def with_copy(self, queryset, name, value):
        return queryset.filter(Exists(Copy.objects.filter(document=OuterRef("pk"), status=value)))

    @extend_schema_field(OpenApiTypes.INT)  # the API schema: a person's id
    def held_by(self, queryset, name, value):
        return queryset.filter(Exists(Copy.objects.filter(document=OuterRef("pk"), holder=value)))


class CopyPickerFilter(django_filters.FilterSet):
    """Narrowing the copies a clerk picks for recovery or destruction: the annual clean-up goes by organ and year."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    registry = django_filters.ModelChoiceFilter(field_name="document__registry", queryset=None, label=_("Registry"))
    organ = django_filters.ChoiceFilter(field_name="document__originating_organ", choices=(), label=_("Originating organ"))
    year = django_filters.ChoiceFilter(field_name="document__year", choices=(), label=_("Year registered"))
    level = django_filters.ChoiceFilter(
        field_name="document__level", choices=[(str(v), l) for v, l in Level.choices], label=_("Level")
    )

    class Meta:
        model = Copy
        fields = []

    def __init__(self, data=None, queryset=None, *, registries, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        documents = Document.objects.filter(pk__in=queryset.values("document"))
        organs = documents.order_by("originating_organ").values_list("originating_organ", flat=True).distinct()
        years = documents.order_by("-year").values_list("year", flat=True).distinct()
        self.filters["registry"].queryset = registries
        self.filters["organ"].extra["choices"] = [(organ, organ) for organ in organs]
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        code = parse_code(value)
        if code is not None:
            copy = {"number": code.copy} if code.copy is not None else {}
            return queryset.filter(**code.document_filter("document__"), **copy)
        return queryset.filter(
            Q(document__registry_number__icontains=value)
            | Q(document__reference_number__icontains=value)
            | Q(document__title__icontains=value)
        )
