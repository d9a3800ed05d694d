"""Administration of API tokens (to system accounts only), system accounts and enrolment codes.

A key or code is shown once, on the page right after it is issued.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, EnrolmentCode, SystemAccount, TokenUse
from accounts.services.enrolment import issue_enrolment_code
from accounts.services.tokens import (
    check_issue_token,
    check_mark_system_account,
    issue_token,
    mark_system_account,
    revoke_token,
)
from people.roles import Role
from people.selectors import has_role

REASON = forms.CharField(label=_("Reason for this change"), max_length=500, required=True)


def _active_accounts():
    return get_user_model().objects.filter(is_active=True).order_by("username")


def _is_administrator(request):
    return request.user.is_superuser or has_role(request.user, Role.ADMINISTRATOR)


class AdministratorsOnly:
    """Seen by administrators; added through a service, never edited or deleted (history points at it)."""

    def has_module_permission(self, request):
        return _is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return _is_administrator(request)

    def has_add_permission(self, request):
        return _is_administrator(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ShownOnce:
    """After an add, a page showing the secret the service returned, once: not a message cookie, a log or the database.

    `save_model` calls `self.keep_secret(request, obj, saved, secret)`; the
    template gets `obj` under `shown_once_name` and the secret under `secret_name`.
    """

    shown_once_template = ""
    shown_once_name = ""
    secret_name = ""

    def keep_secret(self, request, obj, saved, secret):
        # The admin keeps working on `obj`: give it the saved row's identity and fields.
        for field in saved._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        request._shown_once = secret

    def response_add(self, request, obj, post_url_continue=None):
        secret = getattr(request, "_shown_once", None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            self.shown_once_name: obj,
            self.secret_name: secret,
            "opts": self.opts,
        }
        return TemplateResponse(request, self.shown_once_template, context)


class IssueTokenForm(forms.ModelForm):
    change_reason = REASON

    class Meta:
        model = ApiToken
        fields = ("user", "name")

    def __init__(self, *args, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        self.fields["user"].queryset = _active_accounts()
        self.fields["user"].help_text = _("A system account (an OA integration). A person issues their own token.")

    def clean(self):
        data = super().clean()
        # The service's own refusal, next to the account rather than as an error page.
        if data.get("user") is not None:
            refusal = check_issue_token(data["user"], self.by)
            if refusal is not None:
                self.add_error("user", str(refusal.message))
        return data


class RevokeTokenForm(forms.ModelForm):
    revoke = forms.BooleanField(label=_("Revoke this token"), required=True)
    change_reason = REASON

    class Meta:
        model = ApiToken
        fields = ()


@admin.register(ApiToken)
class ApiTokenAdmin(ShownOnce, admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "created_by", "revoked_at", "last_used")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "user__username")
    list_select_related = ("user", "created_by")
    shown_once_template = "admin/accounts/apitoken/issued.html"
    shown_once_name, secret_name = "token", "key"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(last_used_at=Max("uses__at"))

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, token):
        return token.last_used_at

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = IssueTokenForm if obj is None else RevokeTokenForm
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            return form

        class IssuedByThisAdministrator(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, by=request.user, **inner)

        return IssuedByThisAdministrator

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "name", "for_decisions", "change_reason")
        readonly = self.get_readonly_fields(request, obj)
        return (*readonly, "revoke", "change_reason") if obj.is_active else readonly

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("user", "name", "for_decisions", "prefix", "created_at", "created_by", "revoked_at", "revoked_by", "last_used")

    def has_module_permission(self, request):
        return _is_administrator(request)

    def has_add_permission(self, request):
        return _is_administrator(request)

    def has_change_permission(self, request, obj=None):
        return _is_administrator(request) and (obj is None or obj.is_active)

    def has_view_permission(self, request, obj=None):
        return _is_administrator(request)

    def has_delete_permission(self, request, obj=None):
        # A token's uses point at it; it is revoked, never deleted.
        return False

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data["change_reason"]
        if change:
            revoke_token(token=obj, by=request.user, reason=reason)
            obj.refresh_from_db()
            return
        token, key = issue_token(
            user=obj.user, name=obj.name, by=request.user, reason=reason, for_decisions=obj.for_decisions
        )
        self.keep_secret(request, obj, token, key)


@admin.register(TokenUse)
class TokenUseAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("at", "user", "token", "method", "path", "status")
    list_filter = ("status", "method")
    search_fields = ("user__username", "path", "token__name")
    list_select_related = ("user", "token__user")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False


class MarkSystemAccountForm(forms.ModelForm):
    class Meta:
        model = SystemAccount
        fields = ("user", "reason")

    def __init__(self, *args, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        self.fields["user"].queryset = _active_accounts()

    def clean(self):
        data = super().clean()
        if data.get("user") is not None:
            refusal = check_mark_system_account(data["user"], self.by)
            if refusal is not None:
                self.add_error("user", str(refusal.message))
        return data


@admin.register(SystemAccount)
class SystemAccountAdmin(AdministratorsOnly, admin.ModelAdmin):
    """Mark an account as a system's (an OA integration): the only kind an administrator issues tokens to."""

    list_display = ("user", "marked_at", "marked_by", "reason")
    search_fields = ("user__username",)
    list_select_related = ("user", "marked_by")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("user", "reason", "marked_at", "marked_by")

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = MarkSystemAccountForm
        form = super().get_form(request, obj, **kwargs)

        class MarkedByThisAdministrator(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, by=request.user, **inner)

        return MarkedByThisAdministrator

    def save_model(self, request, obj, form, change):
        saved = mark_system_account(user=obj.user, by=request.user, reason=form.cleaned_data["reason"])
        obj.pk, obj.marked_at, obj.marked_by = saved.pk, saved.marked_at, saved.marked_by
        obj._state.adding = False


class IssueEnrolmentCodeForm(forms.ModelForm):
    class Meta:
        model = EnrolmentCode
        fields = ("user", "reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _active_accounts()


@admin.register(EnrolmentCode)
class EnrolmentCodeAdmin(ShownOnce, AdministratorsOnly, admin.ModelAdmin):
    """Issue a one-time code for a first authenticator (shown once); see who issued which, why, and whether it was used."""

    list_display = ("user", "issued_at", "issued_by", "reason", "expires_at", "used_at")
    search_fields = ("user__username",)
    list_select_related = ("user", "issued_by")
    form = IssueEnrolmentCodeForm
    shown_once_template = "admin/accounts/enrolmentcode/issued.html"
    shown_once_name, secret_name = "enrolment", "code"

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("user", "reason", "issued_at", "issued_by", "expires_at", "used_at")

    def save_model(self, request, obj, form, change):
        code, raw = issue_enrolment_code(user=obj.user, by=request.user, reason=form.cleaned_data["reason"])
        self.keep_secret(request, obj, code, raw)
