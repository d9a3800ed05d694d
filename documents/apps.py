from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from django.db.models.signals import post_migrate

        from documents import history_guard  # noqa: F401  (connects the reason check)
        from documents import history_managers
        from documents.services.scope import view_permission_id

        history_managers.install()
        # Permissions are recreated (with new ids) by migrate and flush.
        post_migrate.connect(lambda **kwargs: view_permission_id.cache_clear(), weak=False, dispatch_uid="scope-perm-cache")
