"""Knowledge scope (知悉范围) as guardian's direct foreign-key permissions.

A grant is a `view_document` permission on one document, to a person or to a
unit's group. Both models are tracked by simple-history, so every widening
or narrowing of a scope is a history row with its actor and reason; grants
are only written by documents.services.scope.
"""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords


class DocumentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="user_grants")
    history = HistoricalRecords()

    class Meta(UserObjectPermissionBase.Meta):
        # The inherited unique (user, permission, content_object) index is
        # the one the selectors' EXISTS subquery uses.
        pass


class DocumentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="group_grants")
    history = HistoricalRecords()

    class Meta(GroupObjectPermissionBase.Meta):
        pass
