from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class TrainingSummary:
    """A unit's confidentiality training in a year: the figures the annual work summary quotes."""

    unit: object
    year: int
    rows: list  # users with `hours` and `courses` (events attended) in the year
    people_count: int
    trained_count: int
    total_hours: Decimal
    course_count: int  # distinct education events the unit's people attended in the year (not withdrawn)
    untrained: list
