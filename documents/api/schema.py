"""OpenAPI schema (drf-spectacular): step views' input/output, and every refusal each operation may answer."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorOut(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable, e.g. invalid_input, reason_required, invalid_state, not_found.")
    message = serializers.CharField(help_text="What went wrong, in words a clerk understands.")
    errors = serializers.DictField(help_text="Messages by field name, when the refusal is about given values.")

    class Meta:
        ref_name = "Error"


class RegistrySchema(AutoSchema):
    def get_request_serializer(self):
        return getattr(self.view, "input_serializer", None) or super().get_request_serializer()

    def get_response_serializers(self):
        output = getattr(self.view, "output_serializer", None)
        if self.method != "GET" and output is not None:
            return {self.view.success_status: output}
        return super().get_response_serializers()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._refusals():
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorOut, code, direction=direction)
        return responses

    def _refusals(self):
        codes = ["401", "403"]  # no or bad token; a session without CSRF token or second factor
        # Also: outside the caller's knowledge scope; or a step that looks its object up by what it is sent.
        if "{" in self.path or getattr(self.view, "answers_not_found", False):
            codes.append("404")
        if self.method != "GET" or self._is_list_view():
            codes.append("400")
        if self.method != "GET":
            codes.append("409")
        return codes
