"""Administration of API tokens: issue (the key is shown once), revoke with a reason, see every use."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, EnrolmentCode, TokenUse
from accounts.services.enrolment import issue_enrolment_code
from accounts.services.tokens import issue_token, revoke_token
from people.roles import Role
from people.selectors import has_role

REASON = forms.CharField(label=_("Reason for this change"), max_length=500, required=True)


class IssueTokenForm(forms.ModelForm):
    change_reason = REASON

    class Meta:
        model = ApiToken
        fields = ("user", "name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")


class RevokeTokenForm(forms.ModelForm):
    revoke = forms.BooleanField(label=_("Revoke this token"), required=True)
    change_reason = REASON

    class Meta:
        model = ApiToken
        fields = ()


def _is_administrator(request):
    return request.user.is_superuser or has_role(request.user, Role.ADMINISTRATOR)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "created_by", "revoked_at", "last_used")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "user__username")
    list_select_related = ("user", "created_by")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(last_used_at=Max("uses__at"))

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, token):
        return token.last_used_at

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = IssueTokenForm if obj is None else RevokeTokenForm
        return super().get_form(request, obj, **kwargs)

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
        obj.pk, obj.prefix, obj.key_hash, obj.created_at, obj.created_by = (
            token.pk, token.prefix, token.key_hash, token.created_at, token.created_by,
        )
        obj._state.adding = False
        request._issued_key = key

    def response_add(self, request, obj, post_url_continue=None):
        key = getattr(request, "_issued_key", None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        # The key goes straight into this one page: not into a message cookie, a log or the database.
        context = {**self.admin_site.each_context(request), "token": obj, "key": key, "opts": self.opts}
        return TemplateResponse(request, "admin/accounts/apitoken/issued.html", context)


@admin.register(TokenUse)
class TokenUseAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "token", "method", "path", "status")
    list_filter = ("status", "method")
    search_fields = ("user__username", "path", "token__name")
    list_select_related = ("user", "token__user")
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return _is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return _is_administrator(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class IssueEnrolmentCodeForm(forms.ModelForm):
    class Meta:
        model = EnrolmentCode
        fields = ("user", "reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")


@admin.register(EnrolmentCode)
class EnrolmentCodeAdmin(admin.ModelAdmin):
    """Issue a one-time code for a first authenticator (shown once); see who issued which, why, and whether it was used."""

    list_display = ("user", "issued_at", "issued_by", "reason", "expires_at", "used_at")
    search_fields = ("user__username",)
    list_select_related = ("user", "issued_by")
    form = IssueEnrolmentCodeForm

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("user", "reason", "issued_at", "issued_by", "expires_at", "used_at")

    def has_module_permission(self, request):
        return _is_administrator(request)

    def has_add_permission(self, request):
        return _is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return _is_administrator(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        code, raw = issue_enrolment_code(user=obj.user, by=request.user, reason=form.cleaned_data["reason"])
        obj.pk, obj.code_hash, obj.issued_at, obj.expires_at, obj.issued_by = (
            code.pk, code.code_hash, code.issued_at, code.expires_at, code.issued_by,
        )
        obj._state.adding = False
        request._issued_code = raw

    def response_add(self, request, obj, post_url_continue=None):
        raw = getattr(request, "_issued_code", None)
        if raw is None:
            return super().response_add(request, obj, post_url_continue)
        # Shown on this one page only, as the API key is: never in a message cookie, a log or the database.
        context = {**self.admin_site.each_context(request), "enrolment": obj, "code": raw, "opts": self.opts}
        return TemplateResponse(request, "admin/accounts/enrolmentcode/issued.html", context)
