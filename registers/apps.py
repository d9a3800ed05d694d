from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    """The secrecy office's registers beside the documents: its rules, and (issue 18) its other records of the year."""

    name = "registers"
    verbose_name = _("Secrecy work registers")

    def ready(self):
        from documents.management.demo_hooks import register_demo_loader
        from registers.demo import load as load_demo

        register_demo_loader(load_demo)
