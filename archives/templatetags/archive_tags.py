from django import template

from documents.levels import Level

register = template.Library()


@register.filter
def level_name(level):
    """The name of a level rank (e.g. a volume's highest level), or a dash when there is none yet."""
    return Level(level).label if level is not None else "—"
