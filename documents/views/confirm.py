"""A second look before what cannot be undone: destruction, a loss, a classification decision.

The first valid POST of such a form changes nothing: it shows what will
happen (which copies, what they become, the answers as entered) and a
"Confirm" button that posts the same data once more with confirm=1. Only
that second POST reaches the service. Server-side, so it holds without
script and cannot be skipped by a double click.
"""

import datetime

from django import forms
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

CONFIRM = "confirm"


def confirmed(request) -> bool:
    return request.POST.get(CONFIRM) == "1"


def _secret(field) -> bool:
    # A password (or code) typed on the form is checked on the first POST; it is never echoed into a page.
    return isinstance(field.widget, forms.PasswordInput)


def ask_to_confirm(request, form, *, title, warning, changes, button, back):
    """The summary page. `changes`: (what, what it becomes) pairs; `back`: where Cancel leads."""
    secrets = {name for name, field in form.fields.items() if _secret(field)}
    carried = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRM) and name not in secrets
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "includes/confirm.html",
        {
            "title": title,
            "warning": warning,
            "changes": changes,
            "answers": answers(form),
            "carried": carried,
            "button": button,
            "back": back,
        },
    )


def answers(form):
    """(label, value as the person would read it) for every answered field of a valid form."""
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()) or _secret(field):
            continue
        rows.append((field.label, _shown(field, value)))
    return rows


def _shown(field, value):
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(field.label_from_instance(item) for item in value)
    if isinstance(field, forms.ModelChoiceField):
        return field.label_from_instance(value)
    if isinstance(field, forms.ChoiceField):
        return str(dict((str(key), label) for key, label in field.choices).get(str(value), value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "Y-m-d")
    return str(value)
