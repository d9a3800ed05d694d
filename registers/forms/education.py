from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.forms.fields import ReasonField
from documents.forms.people_picker import PersonField, point_at
from registers.forms.common import DATE
from registers.models import EducationEvent
from registers.selectors import education_attendees


class EventForm(forms.ModelForm):
    """An event as the register records it; the service checks the date, the hours and the title (one message a field)."""

    reason = ReasonField()

    class Meta:
        model = EducationEvent
        fields = ["kind", "name", "organiser", "held_on", "hours"]
        widgets = {"held_on": DATE}
        help_texts = {
            "name": _("The course, the film shown, the activity or the journal, as it was called."),
            "organiser": _("The unit itself, or the municipal or county secrecy bureau that ran it."),
            "hours": _("How long it lasted; 0 for a journal subscription."),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].required = True
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(queryset=units, label=_("Unit"), empty_label=None)
            self.order_fields(["unit"])
        if self.instance.pk is None:
            self.fields["held_on"].initial = timezone.localdate()
            self.fields["reason"].initial = _("Event held and entered in the register")
        else:
            self.fields["reason"].initial = None

    def validate_unique(self):
        # The service validates, with the message by field.
        pass


PRESENCE = [("present", _("Present")), ("absent", _("Absent"))]


class AttendanceForm(forms.Form):
    """One person's attendance, picked among the event's unit's people; taken again, it corrects their line."""

    person = PersonField(label=_("Person"), error_messages={
        "invalid_choice": _("Pick an active person of the unit the list offers."),
        "required": _("Pick the person whose attendance you take."),
    })
    present = forms.ChoiceField(label=_("Attendance"), choices=PRESENCE, widget=forms.RadioSelect, initial="present")
    certificate = forms.CharField(label=_("Certificate number"), max_length=100, required=False,
                                  help_text=_("Where a certificate was issued to the person."))
    reason = ReasonField()

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].initial = _("Attendance taken")
        point_at(self.fields["person"], people=education_attendees(event.unit_id),
                 search_url=reverse("registers:education_event_people", args=[event.pk]))
