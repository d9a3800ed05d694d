from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarriersConfig(AppConfig):
    name = "carriers"
    verbose_name = _("Classified computers and storage media")
