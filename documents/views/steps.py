"""The one web step view, and what pages ask before they offer a step.

A lifecycle step on a page is a POST to a `StepView`: it finds the object
through its selector (404 out of scope, the refusal logged), validates the
form, calls the service, turns a refusal (`LifecycleError`) into a message, and
sends the person back where they were (a `next` on this site, e.g. the inbox or
the panel's anchor on the document page). A step declared with it is a few
lines (see `documents/views/circulation.py`), like the API's `ObjectStep`.

Pages that render a form of their own (a proposal, a return with a
checklist) call `attempt(form, service, ...)`: the refusal lands on the form.
That is the only `except LifecycleError` the web pages have.

`offers(user, obj, step=check, ...)` is what a page shows: for each step, True
when its check lets this user take it on this object now. The page never
decides a rule itself; the service asks the same check under its lock.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from accounts.services.reauth import StepUpRequired, proof_of
from documents.forms.circulation import StepForm
from documents.forms.fields import show_domain_error
from documents.services.errors import LifecycleError, MissingReason
from documents.views.utils import get_visible_or_404


def offers(user, obj, **checks) -> dict[str, bool]:
    """{step name: whether `check(obj, user)` lets `user` take it now}, for the template to read."""
    return {name: check(obj, user) is None for name, check in checks.items()}


def safe_next(request, default):
    """Where the POST came from (a `next` field on this site, anchor kept), else `default` (a URL or a view name)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def asks_step_up(error) -> bool:
    """Whether a refusal only asks the person to prove who they are again (a bulk refusal wraps it)."""
    return isinstance(getattr(error, "error", error), StepUpRequired)


def attempt(form, service, /, **kwargs):
    """Call `service(**kwargs)`; a refusal goes onto `form` (next to its field) and the answer is None.

    A StepUpRequired goes on up: accounts.middleware.StepUp answers it with the
    re-authentication page, which then posts this same form again.
    """
    try:
        return service(**kwargs)
    except LifecycleError as error:
        if asks_step_up(error):
            raise
        show_domain_error(form, error)
        return None


def attempt_with_message(request, service, /, **kwargs):
    """Call `service(**kwargs)`; a refusal becomes an error message and the answer is None (StepUpRequired goes on up)."""
    try:
        return service(**kwargs)
    except LifecycleError as error:
        if asks_step_up(error):
            raise
        messages.error(request, error.message)
        return None


class StepView(LoginRequiredMixin, View):
    """POST one lifecycle step on the object the URL names: `service(<target>=obj, by=user, **inputs)`.

    Subclasses declare `selector`, `service`, `target`, and `done(result, obj)`
    (the success message); `form_class` and `inputs` when the step asks more
    than a reason; `fallback(obj)` for where to go without a `next`.
    """

    http_method_names = ["post"]
    selector = None  # staticmethod(user) -> QuerySet, from documents.selectors
    related = ()
    service = None  # staticmethod: the service function
    target = None  # the service's keyword for the object
    form_class = StepForm
    inputs = ("reason",)  # the form's cleaned fields the service takes
    lookup = "pk"
    # The step is a decision that cannot be undone: the service takes `proof` (accounts.services.reauth).
    step_up = False
    missing_reason = MissingReason.default_message

    def get_object(self):
        queryset = type(self).selector(self.request.user).select_related(*self.related)
        return get_visible_or_404(queryset, pk=self.kwargs[self.lookup], request=self.request)

    def get_service(self):
        return type(self).service

    def service_kwargs(self, obj, data):
        kwargs = {self.target: obj, "by": self.request.user, **{name: data[name] for name in self.inputs}}
        if self.step_up:
            kwargs["proof"] = proof_of(self.request)
        return kwargs

    def done(self, result, obj) -> str:
        raise NotImplementedError

    def fallback(self, obj) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.form_class(request.POST)
        if not form.is_valid():
            for name, errors in form.errors.items():
                # The reason is the one input most steps ask: say why it is needed, not "this field is required".
                for error in [self.missing_reason] if name == "reason" else errors:
                    messages.error(request, error)
        else:
            result = attempt_with_message(request, self.get_service(), **self.service_kwargs(obj, form.cleaned_data))
            if result is not None:
                messages.success(request, self.done(result, obj))
        return safe_next(request, self.fallback(obj))
