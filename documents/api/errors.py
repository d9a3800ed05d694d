"""One shape for every refusal: `{"code", "message", "errors"}`.

- A service's LifecycleError answers with its own `status` (400 or 409; 403
  for a role the caller lacks on an object they may see) and `code`.
- Validation: 400 `invalid_input`, `errors` by field.
- Not found (including everything out of scope): 404 `not_found`, naming nothing.
- Not signed in or a bad token: 401.
Nothing is changed when a refusal is answered: services refuse before they
write, and all their writes are inside one transaction.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from documents.services.errors import InvalidInput, LifecycleError


def _field_errors(errors):
    return {str(field): [str(message) for message in messages] for field, messages in errors.items()}


def _lifecycle_response(error: LifecycleError):
    if isinstance(error, InvalidInput):
        errors = _field_errors(error.errors)
    elif error.field:
        errors = {error.field: [str(error.message)]}
    else:
        errors = {}
    return Response({"code": error.code, "message": str(error.message), "errors": errors}, status=error.status)


def _first_message(detail):
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_message(value)
    if isinstance(detail, list):
        return _first_message(detail[0]) if detail else ""
    return str(detail)


def handle_exception(exc, context):
    if isinstance(exc, LifecycleError):
        set_rollback()
        return _lifecycle_response(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {
            "code": "invalid_input",
            "message": _first_message(detail) or _("Check the values given."),
            "errors": detail,
        }
    else:
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        response.data = {
            "code": code if isinstance(code, str) else "error",
            "message": _("Not found.") if response.status_code == status.HTTP_404_NOT_FOUND else _first_message(exc.detail),
            "errors": {},
        }
    return response
