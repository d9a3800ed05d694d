"""Administration of units, people and roles. Every save asks for the reason it records."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from people.models import Membership, Person, Unit
from people.services.membership import add_membership, check_add_membership, remove_membership


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
        # Roles are given on the membership page, where the reason is asked.
        return False


@admin.register(Unit)
class UnitAdmin(ReasonAdmin):
    list_display = ("code", "name", "is_key_department")
    search_fields = ("code", "name")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReasonAdmin):
    list_display = ("user", "unit", "role")
    list_filter = ("role", "unit")
    search_fields = ("user__username", "user__first_name", "user__last_name")

    def get_readonly_fields(self, request, obj=None):
        # A role is given or taken, not edited: remove it and add another.
        return ("user", "unit", "role") if obj else ()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class RefusingSelfGrant(form):
            # The service's own refusal, on the form rather than as an error page.
            def clean(self):
                data = super().clean()
                if obj is None and data.get("user") is not None and data.get("role"):
                    refusal = check_add_membership(data["user"], data["role"], request.user)
                    if refusal is not None:
                        raise forms.ValidationError(str(refusal.message))
                return data

        return RefusingSelfGrant

    def save_model(self, request, obj, form, change):
        if change:
            return
        add_membership(
            user=obj.user, unit=obj.unit, role=obj.role, by=request.user, reason=form.cleaned_data["change_reason"]
        )

    def delete_model(self, request, obj):
        remove_membership(membership=obj, by=request.user, reason="Role removed in administration")


@admin.register(Person)
class PersonAdmin(ReasonAdmin):
    list_display = ("user", "post_level", "commitment_signed_on")
    list_filter = ("post_level",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
