from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.forms.fields import ReasonField
from documents.forms.people_picker import PersonField, point_at
from registers.forms.common import DATE
from registers.models import Channel, Decision
from registers.selectors import unit_leaders
from registers.services.disclosure import parse_copies, reviewers, unit_people


def _people_url(who, unit=None):
    url = reverse("registers:disclosure_people", args=[who])
    return f"{url}?unit={unit.pk}" if unit is not None else url


def _point(field, who, people, units, unit):
    """The picker searches the unit the form has picked (a new entry) or the entry's unit (a correction)."""
    if unit is None:
        point_at(field, people=people(*units), search_url=_people_url(who), include="#id_unit")
    else:
        point_at(field, people=people(unit), search_url=_people_url(who, unit))


class _UnitForm(forms.Form):
    def __init__(self, *args, units=None, unit=None, initial_reason="", **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"] = forms.ModelChoiceField(queryset=units, label=_("Unit"), empty_label=None)
            self.order_fields(["unit"])
            self.fields["reason"].initial = initial_reason


class PublicationForm(_UnitForm):
    """An item to be published as the register records it; the service checks the reviewer against the submitter."""

    title = forms.CharField(label=_("Title or subject"), max_length=300)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    submitted_by = forms.CharField(label=_("Submitted by"), max_length=200,
                                   help_text=_("The department or person who submitted the item for publication."))
    submitter = PersonField(label=_("Submitting person"), required=False,
                            help_text=_("When a person of the unit submitted it, pick them: they cannot review it."),
                            error_messages={"invalid_choice": _("Pick an active person of the unit the list offers.")})
    reviewer = PersonField(label=_("Reviewer"), error_messages={
        "invalid_choice": _("Pick an active person of the unit the list offers."),
        "required": _("Pick the person who reviews the item for secrets."),
    })
    reason = ReasonField()

    def __init__(self, *args, units=None, publication=None, **kwargs):
        if publication is not None:
            kwargs.setdefault("initial", {name: getattr(publication, name) for name in ("title", "channel", "submitted_by")}
                              | {"submitter": publication.submitter_id, "reviewer": publication.reviewer_id})
        unit = publication.unit if publication is not None else None
        super().__init__(*args, units=units, initial_reason=_("Submitted for secrecy review"), **kwargs)
        _point(self.fields["submitter"], "submitter", unit_people, units, unit)
        _point(self.fields["reviewer"], "reviewer", reviewers, units, unit)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    changes = forms.CharField(label=_("Changes required"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Which changes, when it may be published only after them."))
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    reason = ReasonField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["reason"].initial = _("Secrecy review decided")


class ReleaseForm(forms.Form):
    released_on = forms.DateField(label=_("Released on"), widget=DATE)
    reason = ReasonField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["released_on"].initial = timezone.localdate()
        self.fields["reason"].initial = _("Published")


class CopiesField(forms.CharField):
    """The registered copies given, as `registry number / copy number`, one a line or separated by commas."""

    widget = forms.Textarea(attrs={"rows": 2})

    def to_python(self, value):
        return parse_copies(value)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, (list, tuple)) else value


class ProvisionForm(_UnitForm):
    recipient = forms.CharField(label=_("Receiving unit"), max_length=200)
    letter_number = forms.CharField(label=_("Introduction letter number"), max_length=100)
    purpose = forms.CharField(label=_("Purpose"), max_length=500)
    sealed = forms.BooleanField(label=_("Official seal affixed"), required=False)
    approved_by = PersonField(label=_("Approving leader"), error_messages={
        "invalid_choice": _("Pick a leader of the unit the list offers."),
        "required": _("Pick the leader who approved the provision."),
    })
    description = forms.CharField(label=_("What was provided"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    copies = CopiesField(label=_("Registered copies given"), required=False,
                         help_text=_("Optional: registry number / copy number of each copy given, one a line, "
                                     "e.g. BGS-2026-00012 / 2."))
    provided_on = forms.DateField(label=_("Provided on"), widget=DATE)
    reason = ReasonField()

    def __init__(self, *args, units=None, provision=None, **kwargs):
        if provision is not None:
            kwargs.setdefault("initial", {name: getattr(provision, name) for name in
                                          ("recipient", "letter_number", "purpose", "sealed", "description", "copies",
                                           "provided_on")} | {"approved_by": provision.approved_by_id})
        unit = provision.unit if provision is not None else None
        super().__init__(*args, units=units, initial_reason=_("Provided to an outside unit"), **kwargs)
        _point(self.fields["approved_by"], "leader", unit_leaders, units, unit)
        if provision is None:
            self.fields["provided_on"].initial = timezone.localdate()
