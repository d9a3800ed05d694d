from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    """Documents between units: dispatch lists, receipt, returned receipts, recall (issue 16).

    Depends on documents; documents knows nothing of it but the two hooks it
    asks (a panel on the document page, a section in the clerk's inbox).
    """

    name = "dispatch"
    verbose_name = _("Dispatch")

    def ready(self):
        from dispatch.demo import load as load_demo
        from dispatch.recall_views import recalled_section, returning_section
        from dispatch.selectors import whereabouts
        from documents.whereabouts import register_whereabouts
        from dispatch.views import document_panel, incoming_section
        from documents.management.demo_hooks import register_demo_loader
        from documents.inbox import register_section
        from documents.panels import register_document_panel
        from people.roles import Role

        register_document_panel("dispatch/_document_panel.html", document_panel)
        register_section(Role.CLERK, incoming_section)
        register_section(Role.CLERK, recalled_section)
        register_section(Role.CLERK, returning_section)
        register_demo_loader(load_demo)
        register_whereabouts(whereabouts)
