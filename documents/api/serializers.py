"""What the API reads and writes. Inputs name people by username and units/registries by code."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from documents.models import Copy, Document, Registry, StorageLocation
from documents.models.document import MAX_COPIES
from documents.models.storage import PLACE_PART_MAX_LENGTH
from documents.selectors import registries_kept_by, visible_copies
from documents.services.editing import EDITABLE_FIELDS
from documents.services.registration import REGISTRATION_FIELDS
from documents.services.scope import scope_of
from documents.services.storage import PLACE_FIELDS
from people.models import Unit

# ---------------------------------------------------------------- input fields


class _CodeField(serializers.SlugRelatedField):
    """A related object named by a short text key; refuses anything that is not plain text before it reaches SQL."""

    max_length = 150

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data or len(data) > self.max_length or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class UserField(_CodeField):
    default_error_messages = {"does_not_exist": _("No active account is named {value}.")}

    def __init__(self, **kwargs):
        super().__init__(slug_field="username", queryset=get_user_model().objects.filter(is_active=True), **kwargs)


class UnitField(_CodeField):
    default_error_messages = {"does_not_exist": _("No unit has the code {value}.")}

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Unit.objects.all(), **kwargs)


class RegistryField(_CodeField):
    """A registry the caller keeps (as its secrecy clerk)."""

    default_error_messages = {"does_not_exist": _("You keep no registry with the code {value}.")}

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Registry.objects.none(), **kwargs)

    def get_queryset(self):
        return registries_kept_by(self.context["request"].user)


class CopiesField(serializers.ListField):
    """Copies named by id; an id outside the caller's scope is refused like one that never existed."""

    default_error_messages = {"unknown": _("No copy has the id {ids}.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), **kwargs)

    def to_internal_value(self, data):
        ids = list(dict.fromkeys(super().to_internal_value(data)))
        found = {copy.pk: copy for copy in visible_copies(self.context["request"].user).filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            self.fail("unknown", ids=", ".join(missing))
        return [found[pk] for pk in ids]


def ReasonField(**kwargs):
    # Blank is let through so that the service's own refusal (code `reason_required`) answers it.
    return serializers.CharField(
        max_length=500, allow_blank=True, help_text=_("Why: recorded in the history with your name."), **kwargs
    )


# ---------------------------------------------------------------- inputs


class SenderRegistryField(_CodeField):
    """Any registry of this system, named by code: the unit an incoming document came from."""

    default_error_messages = {"does_not_exist": _("No registry has the code {value}.")}

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Registry.objects.all(), **kwargs)


def PlaceFields():
    def part(label):
        return serializers.CharField(max_length=PLACE_PART_MAX_LENGTH, required=False, allow_blank=True, default="", help_text=label)

    return part(_("Room where the copies are kept.")), part(_("Cabinet in the room.")), part(_("Shelf in the cabinet."))


class RegistrationIn(serializers.ModelSerializer):
    registry = RegistryField(help_text=_("Code of a registry you keep, e.g. BGS."))
    received_from_registry = SenderRegistryField(
        required=False, allow_null=True, help_text=_("Code of the unit's registry an incoming document came from.")
    )
    copy_numbers = serializers.ListField(
        child=serializers.IntegerField(), required=False, max_length=MAX_COPIES,
        help_text=_("The sender's copy numbers, kept as they are, e.g. [4, 7, 9]; copies_count follows them."),
    )
    location_room, location_cabinet, location_shelf = PlaceFields()
    scope_users = UserField(many=True, required=False, help_text=_("Usernames of the people in the knowledge scope."))
    scope_units = UnitField(many=True, required=False, help_text=_("Codes of the units in the knowledge scope."))
    reason = ReasonField()

    class Meta:
        model = Document
        fields = (
            "registry", *REGISTRATION_FIELDS, "copy_numbers", *PLACE_FIELDS, "scope_users", "scope_units", "reason",
        )
        # Uniqueness is the service's check (and the database's constraint), not a second copy here.
        validators = []
        extra_kwargs = {"copies_count": {"required": False, "allow_null": True}}


class CorrectionIn(serializers.ModelSerializer):
    received_from_registry = SenderRegistryField(
        required=False, allow_null=True, help_text=_("Code of the unit's registry an incoming document came from.")
    )
    reason = ReasonField()

    class Meta:
        model = Document
        fields = (*EDITABLE_FIELDS, "reason")
        extra_kwargs = {name: {"required": False} for name in EDITABLE_FIELDS}
        validators = []

    def validate(self, attrs):
        # Not silently ignored: a client that sends a new level or period is
        # told where that change is made, rather than believing it was made.
        decided = sorted({"level", "secrecy_period_years", "period_ends_on"} & set(self.initial_data))
        if decided:
            raise serializers.ValidationError({
                name: [_("A correction cannot change this: it is a leader's classification decision "
                         "(POST /api/v1/documents/{id}/classification-decisions/).")]
                for name in decided
            })
        if "document_type" in self.initial_data:
            raise serializers.ValidationError({
                "document_type": [_("A document's type is set when it is registered and is not corrected afterwards.")]
            })
        return attrs


class ScopeChangeIn(serializers.Serializer):
    add_users = UserField(many=True, required=False)
    remove_users = UserField(many=True, required=False)
    add_units = UnitField(many=True, required=False)
    remove_units = UnitField(many=True, required=False)
    reason = ReasonField()


# ---------------------------------------------------------------- outputs


class RegistryOut(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Registry
        fields = ("id", "code", "name", "unit")
        read_only_fields = fields


class StorageLocationOut(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = StorageLocation
        fields = ("id", "room", "cabinet", "shelf", "label")
        read_only_fields = fields


class MoveCopyIn(serializers.Serializer):
    room, cabinet, shelf = PlaceFields()
    reason = ReasonField()


class CopyOut(serializers.ModelSerializer):
    registry_number = serializers.CharField(source="document.registry_number", read_only=True)
    title = serializers.CharField(source="document.title", read_only=True)
    label = serializers.CharField(read_only=True)
    holder = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text=_("Username of the person holding it, when it is out.")
    )
    is_reproduction = serializers.BooleanField(read_only=True)
    location = StorageLocationOut(read_only=True, allow_null=True, help_text=_("Where the copy is kept."))

    class Meta:
        model = Copy
        fields = (
            "id", "document", "registry_number", "title", "number", "label", "status",
            "holder", "held_since", "source_copy", "is_reproduction", "location",
        )
        read_only_fields = fields


class CopyBriefOut(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    holder = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text=_("Username of the person holding it, when it is out.")
    )

    location = StorageLocationOut(read_only=True, allow_null=True, help_text=_("Where the copy is kept."))

    class Meta:
        model = Copy
        fields = ("id", "number", "label", "status", "holder", "held_since", "source_copy", "location")
        read_only_fields = fields


class DocumentOut(serializers.ModelSerializer):
    registry = serializers.SlugRelatedField(slug_field="code", read_only=True)
    marking = serializers.CharField(read_only=True, help_text=_("The marking as printed, e.g. SECRET ★ 20 years."))
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, help_text=_("Username of the clerk."))
    received_from_registry = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text=_("Code of the unit's registry it came from.")
    )

    class Meta:
        model = Document
        fields = (
            "id", "registry", "registry_number", "year", "serial", "direction", "document_type", "title", "originating_organ",
            "reference_number", "level", "marking", "secrecy_period_years", "date_classified", "period_ends_on",
            "pages", "attachments", "copies_count", "urgency", "medium", "remarks", "created_at", "created_by",
            "received_on", "received_from_registry", "received_from_organ", "delivered_by", "sender_registry_number",
            "copy_numbers_from_sender",
        )
        read_only_fields = fields


class DocumentDetailOut(DocumentOut):
    copies = serializers.SerializerMethodField()
    scope = serializers.SerializerMethodField()

    class Meta(DocumentOut.Meta):
        fields = (*DocumentOut.Meta.fields, "copies", "scope")
        read_only_fields = fields

    @extend_schema_field(CopyBriefOut(many=True))
    def get_copies(self, document):
        copies = document.copies.select_related("holder", "location").order_by("number")
        return CopyBriefOut(copies, many=True, context=self.context).data

    @extend_schema_field(
        inline_serializer(
            "Scope",
            {
                "users": serializers.ListField(child=serializers.CharField(), help_text=_("Usernames.")),
                "units": serializers.ListField(child=serializers.CharField(), help_text=_("Unit codes.")),
            },
        )
    )
    def get_scope(self, document):
        users, units = scope_of(document)
        return {"users": [user.get_username() for user in users], "units": [unit.code for unit in units]}


HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


class ChangeOut(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField(allow_null=True)
    new = serializers.CharField(allow_null=True)


class HistoryEntryOut(serializers.Serializer):
    """One entry of documents.selectors.document_history."""

    at = serializers.DateTimeField(source="row.history_date")
    by = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=["document", "copy", "scope"])
    subject = serializers.CharField()
    type = serializers.SerializerMethodField()
    reason = serializers.CharField(source="row.history_change_reason", allow_null=True)
    changes = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_by(self, entry):
        user = entry["row"].history_user
        return user.get_username() if user else None

    @extend_schema_field(serializers.ChoiceField(choices=list(HISTORY_TYPES.values())))
    def get_type(self, entry):
        return HISTORY_TYPES[entry["type"]]

    @extend_schema_field(ChangeOut(many=True))
    def get_changes(self, entry):
        def text(value):
            return None if value is None else str(value)

        return [{"field": field, "old": text(old), "new": text(new)} for field, old, new in entry["changes"]]
