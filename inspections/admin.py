from django.contrib import admin

from inspections.models import ChecklistArea, ChecklistItem, ChecklistTemplate
from people.admin import ReasonAdmin


class AreaInline(admin.TabularInline):
    model = ChecklistArea
    extra = 0
    show_change_link = True


class ItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(ReasonAdmin):
    list_display = ("name", "is_default")
    inlines = [AreaInline]


@admin.register(ChecklistArea)
class ChecklistAreaAdmin(ReasonAdmin):
    list_display = ("name", "template", "position")
    list_filter = ("template",)
    inlines = [ItemInline]
