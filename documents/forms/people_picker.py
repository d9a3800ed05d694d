"""Picking people by typing their name: the type-ahead that replaces selects of every account.

The widget renders only the people already picked (hidden inputs, in order)
and a search box; the search box asks an endpoint (documents/views/people_picker.py)
for matching people among those who may take that part, and a small static
script (static/js/people-picker.js) moves a pick into the list. The field
validates every submitted id against the same eligible queryset the endpoint
searches, so a hand-written POST gets the same answer as the picker.
"""

from django import forms
from django.utils.translation import gettext_lazy as _


def person_label(user) -> str:
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


class PersonPicker(forms.Widget):
    template_name = "documents/widgets/person_picker.html"

    def __init__(self, *, multiple, ordered=True, attrs=None):
        super().__init__(attrs)
        self.multiple = multiple
        self.ordered = multiple and ordered
        self.search_url = ""
        # Other fields the search sends along (a CSS selector), when who is
        # eligible depends on them (the registry picked at registration).
        self.include = ""

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False if self.multiple else name not in data

    def _picked(self, value):
        """(id, label) of the picked people still eligible, in the order given; never reads the whole queryset."""
        values = value if isinstance(value, (list, tuple)) else ([] if value in (None, "") else [value])
        values = [str(getattr(item, "pk", item)) for item in values]
        ids = [item for item in values if item.isdigit()]
        if not ids:
            return []
        people = {str(person.pk): person for person in self.choices.queryset.filter(pk__in=ids)}
        return [(item, person_label(people[item])) for item in dict.fromkeys(values) if item in people]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            {
                "multiple": self.multiple,
                "ordered": self.ordered,
                "search_url": self.search_url,
                "include": self.include,
                "picked": self._picked(value),
            }
        )
        return context


class PeopleField(forms.ModelMultipleChoiceField):
    """A list of people (a reading list, in order; a scope, `ordered=False`): the ids as posted, each once, all eligible."""

    default_error_messages = {
        **forms.ModelMultipleChoiceField.default_error_messages,
        "invalid_choice": _("Someone picked cannot take this part; pick only people the list offers."),
        "duplicate": _("Each person can be on the list only once."),
        "too_many": _("At most %(limit)d people; split a longer round into two lists."),
    }

    def __init__(self, *, max_count, ordered=True, **kwargs):
        kwargs.setdefault("queryset", None)
        super().__init__(widget=PersonPicker(multiple=True, ordered=ordered), **kwargs)
        self.max_count = max_count

    def label_from_instance(self, user):
        return person_label(user)

    def clean(self, value):
        values = [str(item) for item in (value or []) if str(item).strip()]
        if not values:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(set(values)) != len(values):
            raise forms.ValidationError(self.error_messages["duplicate"], code="duplicate")
        if len(values) > self.max_count:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": self.max_count}
            )
        people = {str(person.pk): person for person in self._check_values(values)}
        return [people[item] for item in values]

    def has_changed(self, initial, data):
        return [str(item) for item in (initial or [])] != [str(item) for item in (data or [])]


class PersonField(forms.ModelChoiceField):
    """One person picked by the type-ahead (a borrower, a witness); only eligible people validate."""

    default_error_messages = {
        "invalid_choice": _("This person cannot take this part; pick someone the list offers."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", None)
        super().__init__(widget=PersonPicker(multiple=False), **kwargs)

    def label_from_instance(self, user):
        return person_label(user)


def point_at(field, *, people, search_url, include=""):
    """Give a picker field its eligible people and the endpoint that searches them (sent `include` too)."""
    field.queryset = people
    field.widget.search_url = search_url
    field.widget.include = include


__all__ = ["PeopleField", "PersonField", "PersonPicker", "person_label", "point_at"]
