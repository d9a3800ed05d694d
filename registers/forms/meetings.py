from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents.codes import parse_code
from documents.forms.fields import ReasonField
from documents.forms.people_picker import PeopleField, point_at
from documents.selectors import eligible_custodians, visible_documents
from registers.forms.common import DATE
from registers.models import MeetingKind
from registers.services.meetings import MAX_ATTENDEES

TEXT = {"rows": 3}


class MeetingForm(forms.Form):
    """A meeting as the register records it; the attendees are picked among the unit's secret-related people."""

    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Title"), max_length=200,
                           help_text=_("e.g. the first secrecy work meeting of 2026, or the subject of the meeting."))
    held_on = forms.DateField(label=_("Held on"), widget=DATE,
                              help_text=_("A secret-related meeting may be entered ahead, so that its materials are "
                                          "approved before it."))
    chaired_by = forms.CharField(label=_("Chaired by"), max_length=200)
    attendees = PeopleField(label=_("Attendees"), max_count=MAX_ATTENDEES, ordered=True,
                            help_text=_("People of the unit; at a secret-related meeting each gets a copy of the "
                                        "materials, in this order."))
    guests = forms.CharField(label=_("Other attendees"), max_length=500, required=False,
                             help_text=_("Guests who are not people of the unit, by name and organisation."))
    topics = forms.CharField(label=_("Topics"), max_length=2000, widget=forms.Textarea(attrs=TEXT))
    decisions = forms.CharField(label=_("Decisions taken"), max_length=2000, required=False, widget=forms.Textarea(attrs=TEXT))
    reason = ReasonField()

    def __init__(self, *args, units=None, meeting=None, **kwargs):
        if meeting is not None:
            kwargs.setdefault("initial", {
                "kind": meeting.kind, "name": meeting.name, "held_on": meeting.held_on, "chaired_by": meeting.chaired_by,
                "attendees": list(meeting.attendees.order_by("position").values_list("person_id", flat=True)),
                "guests": meeting.guests, "topics": meeting.topics, "decisions": meeting.decisions,
            })
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(queryset=units, label=_("Unit"), empty_label=None)
            self.order_fields(["unit"])
            self.fields["reason"].initial = _("Meeting entered in the register")
            point_at(self.fields["attendees"], people=eligible_custodians(*units),
                     search_url=reverse("registers:meeting_people_new"), include="#id_unit")
        else:
            point_at(self.fields["attendees"], people=eligible_custodians(meeting.unit_id),
                     search_url=reverse("registers:meeting_people", args=[meeting.pk]))


class MaterialsForm(forms.Form):
    """The document whose copies go to the attendees, one each, by its registry number."""

    document = forms.CharField(label=_("Document"), max_length=64,
                               help_text=_("Its registry number, e.g. BGS-2026-00017: the copies in the registry go to "
                                           "the attendees, lowest copy number first, in the order of the list."))
    reason = ReasonField()

    def __init__(self, *args, user, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.meeting = user, meeting
        self.fields["reason"].initial = _("Materials of the meeting")

    def clean_document(self):
        code = parse_code(self.cleaned_data["document"])
        document = None
        if code is not None and code.copy is None:
            document = (visible_documents(self.user).filter(registry__unit=self.meeting.unit_id, **code.document_filter())
                        .select_related("registry").first())
        if document is None:
            raise forms.ValidationError(_("No document of this registry number in the registry of %(unit)s.")
                                        % {"unit": self.meeting.unit})
        return document


class MaterialsStepForm(forms.Form):
    reason = ReasonField()

    def __init__(self, *args, initial_reason=None, **kwargs):
        super().__init__(*args, **kwargs)
        if initial_reason:
            self.fields["reason"].initial = initial_reason


class TakeBackForm(forms.Form):
    circulations = forms.TypedMultipleChoiceField(label=_("Copies handed in"), coerce=int, widget=forms.CheckboxSelectMultiple)
    reason = ReasonField()

    def __init__(self, *args, out=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["circulations"].choices = [(material.circulation.pk, material.label) for material in out]
        self.fields["circulations"].initial = [material.circulation.pk for material in out]
        self.fields["reason"].initial = _("Materials taken back")
