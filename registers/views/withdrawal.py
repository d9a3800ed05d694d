"""Withdrawing an entry of a register, the same for all of them: refused with the check's message, confirmed first."""

from django.contrib import messages
from django.shortcuts import redirect

from documents.views.confirm import ask_to_confirm, confirmed
from documents.views.steps import attempt
from registers.forms.common import WithdrawForm


def _form_errors(form):
    return " ".join(" ".join(errors) for errors in form.errors.values())


def withdraw_entry(request, entry, *, check, service, back, confirm, done, help_text=None):
    """`confirm`: the title, warning, change and button of the confirmation page; `done`: the message after it."""
    form = WithdrawForm(request.POST, help_text=help_text)
    refusal = check(entry, request.user)
    if refusal is not None or not form.is_valid():
        messages.error(request, refusal.message if refusal else _form_errors(form))
        return redirect(back)
    if not confirmed(request):
        return ask_to_confirm(request, form, back=back, **confirm)
    if attempt(form, service, entry=entry, by=request.user, reason=form.cleaned_data["reason"]) is None:
        messages.error(request, _form_errors(form))
    else:
        messages.success(request, done)
    return redirect(back)
