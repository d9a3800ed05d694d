from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents.copy_numbers import parse_copy_numbers
from documents.models import Direction, Document, DocumentType, Registry
from documents.models.document import MAX_COPIES, RECEIPT_FIELDS
from documents.models.storage import PLACE_PART_MAX_LENGTH
from documents.selectors import eligible_for_scope, granted_people
from documents.services.editing import EDITABLE_FIELDS
from documents.services.registration import REGISTRATION_FIELDS
from documents.services.errors import InvalidInput
from documents.services.storage import PLACE_FIELDS, place

from .fields import ReasonField, people_field, show_domain_error, units_field
from .people_picker import point_at


class _DocumentFormBase(forms.ModelForm):
    def validate_unique(self):
        # The service validates (and the database enforces) uniqueness, with
        # the message next to the reference number; not twice here.
        pass


class CopyNumbersField(forms.CharField):
    """The sender's copy numbers as typed ("4, 7, 9-11"): a list of numbers, or None when left empty."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return parse_copy_numbers(value, limit=MAX_COPIES) if value.strip() else None


def place_fields():
    """Room, cabinet and shelf fields: where copies are kept (documents.services.storage.place checks them)."""
    def part(label, help_text=""):
        return forms.CharField(
            label=label, required=False, max_length=PLACE_PART_MAX_LENGTH, help_text=help_text,
            widget=forms.TextInput(attrs={"autocomplete": "off"}),
        )

    return part(_("Room"), _("Where the copies are kept.")), part(_("Cabinet")), part(_("Shelf"))


def _sender_label(registry):
    return f"{registry.unit} ({registry.code})"


def clean_place(form):
    """The Place typed in a form's place fields, or None; its errors go next to the fields."""
    try:
        return place(*(form.cleaned_data.get(name, "") for name in PLACE_FIELDS))
    except InvalidInput as error:
        show_domain_error(form, error)
        return None


class RegistrationForm(_DocumentFormBase):
    registry = forms.ModelChoiceField(queryset=None, label=_("Registry"), empty_label=None)
    copy_numbers = CopyNumbersField(
        label=_("Sender's copy numbers"),
        help_text=_("For an incoming document: the numbers on the copies, e.g. 4, 7, 9-11; they are kept as they are. "
                    "Leave empty to number the copies 1, 2, 3…"),
    )
    location_room, location_cabinet, location_shelf = place_fields()
    scope_users = people_field(_("Knowledge scope: people"))
    scope_units = units_field(_("Knowledge scope: units"))
    reason = ReasonField(initial=_("Registered on receipt"))

    class Meta:
        model = Document
        fields = REGISTRATION_FIELDS
        widgets = {
            "date_classified": forms.DateInput(attrs={"type": "date"}),
            "received_on": forms.DateInput(attrs={"type": "date"}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
            "title": forms.TextInput(attrs={"autofocus": True, "size": 60}),
        }
        help_texts = {"received_on": _("For an incoming document; leave empty for today.")}

    def __init__(self, *args, registries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registry"].queryset = registries
        # Most papers are documents: a form (or an older client) that leaves the type out registers one.
        self.fields["document_type"].required = False
        # An outgoing document is registered by a leader's approval of its classification (review app), not here.
        direction = self.fields["direction"]
        direction.choices = [(value, label) for value, label in direction.choices if value != Direction.OUTGOING]
        direction.help_text = _("An outgoing document is proposed under Classification review; it is registered "
                                "when a leader approves it.")
        senders = self.fields["received_from_registry"]
        senders.queryset = Registry.objects.select_related("unit").order_by("code")
        senders.label_from_instance = _sender_label
        # The sender's numbers may stand for the count.
        self.fields["copies_count"].required = False
        particulars = [name for name in REGISTRATION_FIELDS if name not in RECEIPT_FIELDS]
        self.order_fields([
            "registry", "direction", *RECEIPT_FIELDS, *particulars[1:], "copy_numbers", *PLACE_FIELDS,
            "scope_users", "scope_units", "reason",
        ])
        # Who is eligible depends on the registry picked: the search sends it
        # along, and clean_scope_users holds the picks to that registry's people.
        point_at(
            self.fields["scope_users"],
            people=eligible_for_scope(*registries),
            search_url=reverse("documents:people_scope_new"),
            include="#id_registry",
        )

    def clean_document_type(self):
        return self.cleaned_data.get("document_type") or DocumentType.DOCUMENT

    def clean(self):
        data = super().clean()
        data["location"] = clean_place(self)
        if data.get("copies_count") is None and not data.get("copy_numbers") and "copy_numbers" not in self.errors:
            self.add_error("copies_count", _("Give the number of copies, or the sender's copy numbers."))
        return data

    def clean_scope_users(self):
        people = self.cleaned_data["scope_users"]
        registry = self.cleaned_data.get("registry")
        if registry is None or not people:
            return people
        eligible = set(eligible_for_scope(registry).filter(pk__in=[person.pk for person in people]).values_list("pk", flat=True))
        if any(person.pk not in eligible for person in people):
            raise forms.ValidationError(self.fields["scope_users"].error_messages["invalid_choice"], code="invalid_choice")
        return people


class EditForm(_DocumentFormBase):
    reason = ReasonField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The values the page was loaded with travel with the form, so
        # `changed_data` is what this person changed, not what differs from
        # a row someone else corrected in the meantime.
        for name in EDITABLE_FIELDS:
            self.fields[name].show_hidden_initial = True
        senders = self.fields["received_from_registry"]
        senders.queryset = Registry.objects.select_related("unit").order_by("code")
        senders.label_from_instance = _sender_label

    class Meta:
        model = Document
        fields = EDITABLE_FIELDS
        help_texts = {
            "date_classified": _(
                "A correction cannot move the end of the secrecy period or change the level: declassifying, "
                "extending or changing the level is a leader's classification decision, on the document's "
                "“Classification decision” page."
            ),
        }
        widgets = {
            "date_classified": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }


class ScopeForm(forms.Form):
    add_users = people_field(_("Add people"))
    add_units = units_field(_("Add units"))
    remove_users = people_field(_("Remove people"))
    remove_units = units_field(_("Remove units"))
    reason = ReasonField(help_text=_("Widening a scope is a decision: say who decided it and why."))

    def __init__(self, *args, document, can_widen=True, **kwargs):
        super().__init__(*args, **kwargs)
        if can_widen:
            point_at(
                self.fields["add_users"],
                people=eligible_for_scope(document.registry),
                search_url=reverse("documents:people_scope_add", args=[document.pk]),
            )
        else:
            # A telegram's readers are never widened (documents/services/telegrams.py): nothing to add.
            del self.fields["add_users"], self.fields["add_units"]
            self.fields["reason"].help_text = ""
        point_at(
            self.fields["remove_users"],
            people=granted_people(document),
            search_url=reverse("documents:people_scope_remove", args=[document.pk]),
        )

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("add_users", "add_units", "remove_users", "remove_units")):
            raise forms.ValidationError(_("Choose at least one person or unit to add or remove."))
        return data
