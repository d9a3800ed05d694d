"""Which tables are history: every simple-history model, found at run time.

Nothing is listed by hand, so a model that gets `history = HistoricalRecords()`
in any app, now or later, is covered by the chain, the append-only triggers
and verify_audit without its author doing anything.
"""

from django.apps import apps

from audit.models import AccessEvent, ChainCheckpoint, ChainLink, RowShape


def history_models():
    """Every simple-history model (including m2m history), in a stable order."""
    found = [
        model
        for model in apps.get_models()
        if hasattr(model, "instance_type") and model._meta.managed and not model._meta.proxy
    ]
    return sorted(found, key=lambda model: model._meta.db_table)


def chained_models():
    """Every table whose rows are linked into the chain: the history tables and the access log.

    The access log is chained so that a truncated log or deleted denials are
    caught like removed history rows (docs/audit.md).
    """
    return history_models() + [AccessEvent]


def tracked_pairs():
    """(history model, tracked model) for per-object history, the kind whose latest row must equal the object."""
    return [
        (model, model.instance_type)
        for model in history_models()
        if hasattr(model, "tracked_fields") and hasattr(model, "history_type")
    ]


def audit_record_models():
    """Our own append-only tables."""
    return [RowShape, ChainLink, ChainCheckpoint, AccessEvent]
