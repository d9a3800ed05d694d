"""The hash chain over every history row, and the checkpoints of its head.

Rows of these tables are written by PostgreSQL (audit/database.py), never
by Django code, and are append-only: a trigger refuses UPDATE and DELETE.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

# One chain for the whole database (docs/audit.md says why).
MAIN_CHAIN = "main"
GENESIS_HASH = "0" * 64


class RowShape(models.Model):
    """The columns a history table had when a row was hashed.

    A later migration that adds a field to a tracked model adds a column to
    its history table; older rows are re-hashed over their original columns
    only, so the chain survives schema changes that add fields.
    """

    table_name = models.CharField(max_length=63)
    columns = models.TextField(help_text="Column names, comma-separated, in byte order.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table_name", "columns"], name="rowshape_unique")]

    def __str__(self):
        return f"{self.table_name} ({self.columns.count(',') + 1} columns)"


class ChainLink(models.Model):
    """One history row's place in the chain: its hash and the hash of the link before it."""

    chain = models.CharField(max_length=32)
    seq = models.BigIntegerField()
    table_name = models.CharField(max_length=63)
    history_id = models.BigIntegerField()
    # No database constraint: checking it would cost a locking read per link
    # at commit. verify_audit treats a link without its shape as broken.
    shape = models.ForeignKey(RowShape, on_delete=models.PROTECT, related_name="+", db_constraint=False)
    row_hash = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    link_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="chainlink_unique_seq"),
            models.UniqueConstraint(fields=["table_name", "history_id"], name="chainlink_unique_row"),
        ]

    def __str__(self):
        return f"{self.chain} #{self.seq} {self.table_name}:{self.history_id}"


class PendingLink(models.Model):
    """A history row waiting, within its own transaction, to be linked at commit.

    Rows live for the last moments of a transaction only: the trigger that
    links them deletes them. See audit/database.py for why there are two steps.
    """

    chain = models.CharField(max_length=32)
    table_name = models.CharField(max_length=63)
    history_id = models.BigIntegerField()
    doc = models.JSONField()


class CheckpointSource(models.TextChoices):
    DAILY = "daily", _("Daily checkpoint")
    VERIFY = "verify", _("Verification")
    PRINT = "print", _("Printed ledger")
    MANUAL = "manual", _("Recorded by hand")


class ChainCheckpoint(models.Model):
    """The head of a chain (length and last hash) at a moment.

    It is what catches a deleted tail: a chain cut short is still a valid
    chain, but no longer reaches the head a checkpoint recorded. Print it on
    paper too: a checkpoint in the same database can be deleted with it.
    """

    chain = models.CharField(max_length=32)
    seq = models.BigIntegerField(_("links"))
    last_hash = models.CharField(_("head hash"), max_length=64)
    created_at = models.DateTimeField(_("recorded at"), db_default=Now())
    source = models.CharField(_("source"), max_length=10, choices=CheckpointSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("chain checkpoint")
        verbose_name_plural = _("chain checkpoints")
        indexes = [models.Index(fields=["chain", "-seq"], name="checkpoint_chain_seq")]

    def __str__(self):
        return f"{self.chain} #{self.seq} {self.last_hash[:12]}"
