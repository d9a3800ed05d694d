"""Classification levels and secrecy periods (the state-secrets law's three levels plus internal).

Levels are stored as ranks so that "the highest level among these rows" is a
plain MAX() in SQL (the printed ledgers need it for their banners).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    INTERNAL = 0, _("Internal")
    CONFIDENTIAL = 1, _("Confidential")
    SECRET = 2, _("Secret")
    TOP_SECRET = 3, _("Top secret")


# Default and longest periods in years, by level; internal material has none.
DEFAULT_PERIOD_YEARS = {Level.TOP_SECRET: 30, Level.SECRET: 20, Level.CONFIDENTIAL: 10}
MAX_PERIOD_YEARS = DEFAULT_PERIOD_YEARS

BANNER = {
    Level.TOP_SECRET: ("TOP SECRET", "绝密"),
    Level.SECRET: ("SECRET", "机密"),
    Level.CONFIDENTIAL: ("CONFIDENTIAL", "秘密"),
    Level.INTERNAL: ("INTERNAL", "内部"),
}


def default_period(level):
    return DEFAULT_PERIOD_YEARS.get(Level(level))


def period_end(date_classified, years):
    """The day the secrecy period ends: the anniversary `years` after classification."""
    if date_classified is None or not years:
        return None
    try:
        return date_classified.replace(year=date_classified.year + years)
    except ValueError:  # 29 February into a common year
        return date_classified.replace(year=date_classified.year + years, day=28)


def marking(level, years, language="en", *, declassified=False):
    """The marking as printed on the document, e.g. `SECRET ★ 20 years` / `机密★20年`.

    A declassified document keeps its old marking in brackets, as the paper does
    once it is stamped: `DECLASSIFIED (was SECRET ★ 20 years)` / `已解密（原机密★20年）`.
    """
    english, chinese = BANNER[Level(level)]
    zh = language.startswith("zh")
    if Level(level) == Level.INTERNAL or not years:
        current = chinese if zh else english
    else:
        current = f"{chinese}★{years}年" if zh else f"{english} ★ {years} {'year' if years == 1 else 'years'}"
    if declassified:
        return f"已解密（原{current}）" if zh else f"DECLASSIFIED (was {current})"
    return current


__all__ = ["BANNER", "DEFAULT_PERIOD_YEARS", "Level", "MAX_PERIOD_YEARS", "default_period", "marking", "period_end"]
