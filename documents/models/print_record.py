"""A printed ledger, as recorded when it was printed.

The verification code is printed in the footer of every page; with it an
inspector finds this row and checks that a sheet in a binder came from the
system (who printed what, with which filter, how many rows, the PDF's SHA-256).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.levels import Level


class PrintRecord(models.Model):
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="prints", verbose_name=_("printed by")
    )
    printed_at = models.DateTimeField(_("printed at"))
    kind = models.CharField(_("ledger"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    # The units the ledger is about: who may verify it (their inspectors) without
    # learning anything about other units' documents.
    unit_ids = models.JSONField(_("units"), default=list, blank=True)
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="prints",
        verbose_name=_("document"),
    )
    row_count = models.PositiveIntegerField(_("rows"))
    highest_level = models.PositiveSmallIntegerField(_("highest level"), choices=Level.choices, null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    pages = models.PositiveIntegerField(_("pages"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-printed_at", "-pk"]
        verbose_name = _("print record")
        verbose_name_plural = _("print records")
        indexes = [models.Index(fields=["printed_by", "-printed_at"], name="print_by_when")]

    def __str__(self):
        return f"{self.display_code} {self.title}"

    @property
    def display_code(self):
        from documents.pdf.codes import display

        return display(self.code)
