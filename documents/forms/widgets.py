"""Widgets that render without a template per option.

Django renders every <option> of a select through two template includes
and a dictionary of attributes. The ledger's filter form offers a couple
of hundred units and people on every page, which made the form cost more
than the ledger's 50 rows (docs/performance.md). This select writes the
same HTML directly.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    def _read_choices(self):
        """The choices, read with one plain query (a model field's iterator counts and opens a server-side cursor)."""
        if isinstance(self.choices, ModelChoiceIterator):
            field = self.choices.field
            empty = [("", field.empty_label)] if field.empty_label is not None else []
            return empty + [self.choices.choice(obj) for obj in field.queryset]
        return [choice for choice in self.choices]

    def render(self, name, value, attrs=None, renderer=None):
        choices = self._read_choices()
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups: Django's own rendering
        selected = {str(v) for v in self.format_value(value)}
        parts = [f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>']
        for option_value, label in choices:
            option = "" if option_value is None else str(option_value)
            mark = " selected" if option in selected else ""
            parts.append(f'  <option value="{escape(option)}"{mark}>{escape(label)}</option>')
        parts.append("</select>")
        return mark_safe("\n".join(parts))


__all__ = ["QuickSelect"]
