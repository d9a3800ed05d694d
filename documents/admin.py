"""Documents are read-only in administration: every change goes through the registry's own pages and services."""

from django.contrib import admin

from documents.models import LoanPolicy, Registry
from people.admin import ReasonAdmin


@admin.register(Registry)
class RegistryAdmin(ReasonAdmin):
    list_display = ("code", "name", "unit")
    search_fields = ("code", "name")


@admin.register(LoanPolicy)
class LoanPolicyAdmin(ReasonAdmin):
    """One row per level: the administrator edits what each level allows, never adds or removes a level."""

    list_display = ("level", "may_take_out", "needs_leader_approval", "max_days")
    fields = ("level", "may_take_out", "needs_leader_approval", "max_days", "change_reason")
    readonly_fields = ("level",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
