"""Moving copies to another place (room, cabinet, shelf), with a reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .copy_picker import CopiesField
from .documents import clean_place, place_fields
from .fields import ReasonField


class MoveCopiesForm(forms.Form):
    """The ticked copies of one document, all to one place."""

    copies = CopiesField(error_messages={"required": _("Tick at least one copy.")})
    location_room, location_cabinet, location_shelf = place_fields()
    reason = ReasonField(initial=_("Moved to another place of storage"))

    def __init__(self, *args, copies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copies"].queryset = copies
        self.fields["location_room"].required = True

    def clean(self):
        data = super().clean()
        data["location"] = clean_place(self)
        return data

    def picked_ids(self):
        return {str(value) for value in (self.data.getlist("copies") if self.is_bound else [])}
