"""A person's own API tokens: issued by themselves after signing in with both factors, revoked by them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.forms import OwnTokenForm, RevokeOwnTokenForm
from accounts.selectors import own_tokens
from accounts.services.tokens import check_issue_token, issue_token, revoke_token
from documents.views.steps import attempt, attempt_with_message
from documents.views.utils import get_visible_or_404


@never_cache
@login_required
def tokens(request):
    """List this person's tokens; issue one. The key is in this one response only."""
    user = request.user
    form = OwnTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = attempt(form, issue_token, user=user, name=form.cleaned_data["name"], by=user,
                         reason=form.cleaned_data["reason"])
        if issued is not None:
            form = OwnTokenForm()
    refusal = check_issue_token(user, user)
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "refusal": refusal.message if refusal else "",
            "tokens": own_tokens(user),
            "issued": issued[0] if issued else None,
            "key": issued[1] if issued else "",
            "revoke_form": RevokeOwnTokenForm(),
        },
    )


@require_POST
@login_required
def revoke(request, pk):
    token = get_visible_or_404(own_tokens(request.user), pk=pk, request=request)
    form = RevokeOwnTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason: every change is recorded with why it was made."))
    elif attempt_with_message(request, revoke_token, token=token, by=request.user, reason=form.cleaned_data["reason"]):
        messages.success(request, _("The token was revoked; it no longer opens the API."))
    return redirect("accounts:tokens")
