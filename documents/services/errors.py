"""Domain errors: what a lifecycle step refuses, in words a clerk understands.

Views turn them into a message on the page (or a form error), the API into a
400/409 with `code`. Nothing is changed when one is raised.
"""

from django.utils.translation import gettext_lazy as _


class LifecycleError(Exception):
    code = "lifecycle_error"
    status = 409
    default_message = _("This step is not allowed.")

    def __init__(self, message=None, *, field=None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))


class MissingReason(LifecycleError):
    code = "reason_required"
    status = 400
    default_message = _("Give a reason: every change is recorded with why it was made.")

    def __init__(self, message=None):
        super().__init__(message, field="reason")


class NotPermitted(LifecycleError):
    code = "not_permitted"
    status = 403
    default_message = _("Your role does not allow this step.")


class InvalidState(LifecycleError):
    code = "invalid_state"
    default_message = _("The copy is not in a state that allows this step.")


class SeparationOfDuties(LifecycleError):
    code = "separation_of_duties"
    default_message = _("The same person cannot take both parts of this step.")


class Conflict(LifecycleError):
    code = "conflict"
    default_message = _("Someone else changed this at the same moment; reload and try again.")


class InvalidInput(LifecycleError):
    code = "invalid_input"
    status = 400

    def __init__(self, errors):
        self.errors = errors
        first = next(iter(errors.values()))[0] if errors else ""
        super().__init__(str(first))


def raise_if(refusal):
    """Raise what a check (`check_<step>`) returned; a service calls it under its lock, before it acts."""
    if refusal is not None:
        raise refusal


def first_refusal(*refusals):
    """The first of several checks' answers that refuses, or None (each argument a refusal or None)."""
    return next((refusal for refusal in refusals if refusal is not None), None)
