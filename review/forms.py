from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents.forms.fields import ReasonField, people_field, units_field
from documents.forms.people_picker import point_at
from documents.selectors import eligible_for_scope
from people.models import Unit
from review.models import PROPOSED_FIELDS, ClassificationProposal

FORM_FIELDS = (*PROPOSED_FIELDS, "basis")


class ProposalForm(forms.ModelForm):
    """The drafter's proposal: the document's registration data, its level, period and basis, its scope."""

    registry = forms.ModelChoiceField(queryset=None, label=_("Registry"), empty_label=None)
    scope_users = people_field(_("Knowledge scope: people"))
    scope_units = units_field(_("Knowledge scope: units"))
    reason = ReasonField(initial=_("Proposed for classification review"))

    class Meta:
        model = ClassificationProposal
        fields = FORM_FIELDS
        widgets = {
            "date_classified": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "remarks": forms.Textarea(attrs={"rows": 2}),
            "basis": forms.Textarea(attrs={"rows": 2}),
            "title": forms.TextInput(attrs={"autofocus": True, "size": 60}),
        }

    def __init__(self, *args, registries, revising=None, **kwargs):
        if revising is not None:
            kwargs["instance"] = revising
            kwargs.setdefault("initial", {}).update({
                "registry": revising.registry_id,
                "scope_users": revising.scope_user_ids,
                "scope_units": revising.scope_unit_ids,
                "reason": _("Corrected as asked"),
            })  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["registry"].queryset = registries
        self.fields["document_type"].required = False  # an ordinary document unless the drafter says otherwise
        if revising is not None:
            # A proposal stays in the registry it was made for.
            self.fields["registry"].disabled = True
            self.fields["reason"].initial = _("Corrected as asked")
        self.order_fields(["registry", *FORM_FIELDS, "scope_users", "scope_units", "reason"])
        point_at(
            self.fields["scope_users"],
            people=eligible_for_scope(*registries),
            search_url=reverse("review:people_scope"),
            include="#id_registry",
        )

    def validate_unique(self):
        # The service validates what registration will refuse, with the message by its field.
        pass

    def clean_scope_users(self):
        people = self.cleaned_data["scope_users"]
        registry = self.cleaned_data.get("registry")
        if registry is None or not people:
            return people
        eligible = set(eligible_for_scope(registry).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
        if any(person.pk not in eligible for person in people):
            raise forms.ValidationError(self.fields["scope_users"].error_messages["invalid_choice"], code="invalid_choice")
        return people

    def service_inputs(self):
        data = self.cleaned_data
        return {
            "scope_users": list(data["scope_users"]),
            "scope_units": list(data["scope_units"]),
            "reason": data["reason"],
            **{name: data[name] for name in FORM_FIELDS},
        }


class PassForm(forms.Form):
    reason = ReasonField(label=_("What you checked"), initial=_("Checked: level, period, basis and scope are right"))


class SendBackForm(forms.Form):
    reason = ReasonField(label=_("What the drafter must correct"), help_text=_("The drafter reads it with the proposal."))


class ApproveForm(forms.Form):
    reason = ReasonField(label=_("Your decision"), initial=_("Approved"))


class RejectForm(forms.Form):
    reason = ReasonField(label=_("Why you reject it"))


def scope_units_named(proposal):
    return list(Unit.objects.filter(pk__in=proposal.scope_unit_ids).order_by("name"))
