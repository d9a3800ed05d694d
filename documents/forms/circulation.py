from django import forms
from django.utils.translation import gettext_lazy as _

from documents.services.circulation import COMMENT_MAX_LENGTH

from .fields import ReasonField

# Enough places for a unit's reading list; a longer round is split into two lists.
MAX_READERS = 12


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        full = user.get_full_name()
        return f"{full} ({user.get_username()})" if full else user.get_username()


class ReaderListForm(forms.Form):
    """An ordered reading list: one select per place, among the people in the knowledge scope."""

    reason = ReasonField()

    def __init__(self, *args, candidates, readers=(), reason_initial=None, **kwargs):
        super().__init__(*args, **kwargs)
        readers = list(readers)
        places = max(len(readers), min(candidates.count(), MAX_READERS), 1)
        self.place_names = []
        for index in range(places):
            name = f"reader_{index + 1}"
            self.place_names.append(name)
            self.fields[name] = PersonChoice(
                queryset=candidates,
                required=False,
                label=_("Reader %(n)d") % {"n": index + 1},
                empty_label="—",
                initial=readers[index].pk if index < len(readers) else None,
            )
        if reason_initial:
            self.fields["reason"].initial = reason_initial
        self.order_fields([*self.place_names, "reason"])

    def clean(self):
        data = super().clean()
        readers = [data[name] for name in self.place_names if data.get(name)]
        if not readers:
            raise forms.ValidationError(_("Choose at least one reader."))
        if len({reader.pk for reader in readers}) != len(readers):
            raise forms.ValidationError(_("Each reader can be on the list only once."))
        data["readers"] = readers
        return data


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
