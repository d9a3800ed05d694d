from django import forms
from django.utils.translation import gettext_lazy as _

from documents.services.circulation import COMMENT_MAX_LENGTH

from .fields import ReasonField
from .people_picker import PeopleField, point_at

# A longer round is split into two lists: the copy is out of the registry for weeks already.
MAX_READERS = 30


class ReaderListForm(forms.Form):
    """An ordered reading list, picked by name among the people who may read the document."""

    readers = PeopleField(
        label=_("Readers, in order"),
        max_count=MAX_READERS,
        help_text=_("Type a name or username and pick; the copy goes to them in this order."),
        error_messages={"required": _("Choose at least one reader.")},
    )
    reason = ReasonField()

    def __init__(self, *args, candidates, search_url, readers=(), reason_initial=None, **kwargs):
        super().__init__(*args, **kwargs)
        point_at(self.fields["readers"], people=candidates, search_url=search_url)
        if readers:
            self.fields["readers"].initial = [reader.pk for reader in readers]
        if reason_initial:
            self.fields["reason"].initial = reason_initial


class StepForm(forms.Form):
    """A button that changes something: the reason is all it asks."""

    reason = ReasonField()


class RejectForm(forms.Form):
    reason = ReasonField(
        label=_("Reason for rejecting"), help_text=_("The secrecy clerk sees it; it is recorded with your name.")
    )


class MarkReadForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = ReasonField(initial=_("Read"))
