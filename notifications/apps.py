from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications the daily job makes (docs/inbox.md: notifications next to the inbox).

    Depends on documents and inspections; neither knows of it but the demo
    hook it registers.
    """

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from documents.management.demo_hooks import register_demo_loader
        from notifications.demo import load as load_demo

        register_demo_loader(load_demo)
