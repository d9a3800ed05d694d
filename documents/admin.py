"""Documents are read-only in administration: every change goes through the registry's own pages and services."""

from django.contrib import admin

from documents.models import Registry
from people.admin import ReasonAdmin


@admin.register(Registry)
class RegistryAdmin(ReasonAdmin):
    list_display = ("code", "name", "unit")
    search_fields = ("code", "name")
