"""The shapes every API view takes: a scoped list, a scoped detail, a lifecycle step."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import generics, mixins
from rest_framework.response import Response

from accounts.services.reauth import StepUpRequired, proof_of
from documents.api.pagination import KeysetPagination
from documents.views.utils import record_denial


class ScopedView(generics.GenericAPIView):
    """Everything is read through `selector(user)`: an id outside it is 404."""

    selector = None  # staticmethod(user) -> QuerySet, from documents.selectors
    related = ()

    def get_queryset(self):
        return self.selector(self.request.user).select_related(*self.related)

    def get_object(self):
        # The one place the API opens an object by id: every refusal goes into the access log (see record_denial).
        try:
            return super().get_object()
        except Http404:
            record_denial(self.request, self.get_queryset().model, self.kwargs.get(self.lookup_url_kwarg or self.lookup_field))
            raise


class ScopedList(mixins.ListModelMixin, ScopedView):
    pagination_class = KeysetPagination
    sorts = {}  # name -> (label, keys); each ends in a unique key

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


class ScopedDetail(mixins.RetrieveModelMixin, ScopedView):
    def get(self, request, *args, **kwargs):
        return self.retrieve(request, *args, **kwargs)


def api_proof(request):
    """The proof of identity a decision's service asks for (accounts.services.reauth), from this API request.

    A token carries one only when an administrator issued it for decisions; a
    signed-in browser session carries its last sign-in or re-authentication.
    """
    return proof_of(request)


class StepUpForApi(StepUpRequired):
    default_message = _(
        "This decision needs step-up (re-authentication): the API takes it only with a token issued for decisions, "
        "or from a page session that gave its password within the last few minutes."
    )


class StepView(ScopedView):
    """POST one lifecycle step: find the object (404), validate the input (400), call the service.

    Subclasses set `selector` (or `creates = True` for a step that makes a new
    object), `input_serializer`, `output_serializer`, and `perform(obj, data)`.
    A decision that needs step-up passes `proof=api_proof(self.request)`; the
    service's StepUpRequired is answered 403 with code `step_up_required`.
    """

    creates = False
    input_serializer = None
    output_serializer = None
    success_status = 200

    def get_serializer_class(self):
        return self.serializer_class or self.output_serializer

    def post(self, request, *args, **kwargs):
        obj = None if self.creates else self.get_object()
        incoming = self.input_serializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        try:
            result = self.perform(obj, dict(incoming.validated_data))
        except StepUpRequired as error:
            if isinstance(error, StepUpForApi):
                raise
            # The pages' wording speaks of a form the API has not got.
            raise StepUpForApi() from error
        return Response(self.output_serializer(result, context=self.get_serializer_context()).data, status=self.success_status)

    def perform(self, obj, data):
        raise NotImplementedError


class ObjectStep(StepView):
    """A step on the object the URL names: `service(<target>=obj, by=user, **input)`.

    The answer is the object read back as it now stands (with `related`), so a
    step that returns something else (an entry, a list of copies) still answers
    with the object the client addressed.
    """

    service = None  # staticmethod: the service function
    target = None  # the service's keyword for the object
    step_up = False  # the service takes `proof` (a decision that cannot be undone)

    def perform(self, obj, data):
        if self.step_up:
            data["proof"] = api_proof(self.request)
        type(self).service(**{self.target: obj}, by=self.request.user, **data)
        return type(obj).objects.select_related(*self.related).get(pk=obj.pk)
