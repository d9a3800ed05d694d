"""Administration of units, people and roles. Every save asks for the reason it records."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from people.models import Membership, Person, RoleGrant, Unit
from people.services.grants import check_grant_role, grant_role
from people.services.membership import remove_membership


class ReasonForm(forms.ModelForm):
    change_reason = forms.CharField(label="Reason for this change", max_length=500, required=True)


class ReasonAdmin(SimpleHistoryAdmin):
    form = ReasonForm

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data["change_reason"]
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj._change_reason = "Deleted in administration"
        obj._history_user = request.user
        super().delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        # Inline rows are tracked too: they carry the same reason as the page.
        reason = form.cleaned_data["change_reason"]
        for obj in formset.save(commit=False):
            obj._change_reason, obj._history_user = reason, request.user
            obj.save()
        for obj in formset.deleted_objects:
            obj._change_reason, obj._history_user = reason, request.user
            obj.delete()
        formset.save_m2m()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    readonly_fields = ("user", "role")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Roles are given as grants, where the reason is asked and the confirmation waits.
        return False


@admin.register(Unit)
class UnitAdmin(ReasonAdmin):
    list_display = ("code", "name", "is_key_department")
    search_fields = ("code", "name")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReasonAdmin):
    """The roles people hold. A role is given as a grant (below), and a role that reads documents waits there for
    a leader's confirmation; here it is only seen and taken away."""

    list_display = ("user", "unit", "role")
    list_filter = ("role", "unit")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    readonly_fields = ("user", "unit", "role")

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        remove_membership(membership=obj, by=request.user, reason="Role removed in administration")


class GrantRoleForm(forms.ModelForm):
    change_reason = forms.CharField(label=_("Reason for this change"), max_length=500, required=True)

    class Meta:
        model = RoleGrant
        fields = ("user", "unit", "role")

    def __init__(self, *args, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by

    def clean(self):
        data = super().clean()
        # The service's own refusal, on the form rather than as an error page.
        if data.get("user") is not None and data.get("unit") is not None and data.get("role"):
            refusal = check_grant_role(data["user"], data["unit"], data["role"], self.by)
            if refusal is not None:
                raise forms.ValidationError(str(refusal.message))
        return data


@admin.register(RoleGrant)
class RoleGrantAdmin(SimpleHistoryAdmin):
    """Give a role. One that reads documents is pending until a leader of the unit (or, where it has none yet,
    another administrator) confirms it from their inbox."""

    list_display = ("user", "unit", "role", "status", "granted_by", "granted_at", "decided_by", "decided_at")
    list_filter = ("status", "role", "unit")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    list_select_related = ("user", "unit", "granted_by", "decided_by")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "unit", "role", "change_reason")
        return self.get_readonly_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "user", "unit", "role", "status", "granted_by", "granted_at", "reason",
            "decided_by", "decided_at", "decision_reason", "revoked_by", "revoked_at",
        )

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            return super().get_form(request, obj, **kwargs)
        kwargs["form"] = GrantRoleForm
        form = super().get_form(request, obj, **kwargs)

        class GrantedByThisAdministrator(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, by=request.user, **inner)

        return GrantedByThisAdministrator

    def has_change_permission(self, request, obj=None):
        # Decided in the confirmer's inbox, never edited here.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = grant_role(
            user=obj.user, unit=obj.unit, role=obj.role, by=request.user, reason=form.cleaned_data["change_reason"]
        )
        for field in saved._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False


@admin.register(Person)
class PersonAdmin(ReasonAdmin):
    list_display = ("user", "post_level", "commitment_signed_on")
    list_filter = ("post_level",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
