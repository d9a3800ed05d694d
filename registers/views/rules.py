"""The register of rules: the list with its entry form, one rule with its history and steps, print."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from documents import tables
from documents.history import history_entries, newest_first
from printing.asking import print_or_queue
from documents.views.steps import attempt, offers
from documents.views.utils import get_visible_or_404
from registers.forms.common import WithdrawForm
from registers.forms.rules import RuleForm
from registers.selectors import kept_units, register_units, visible_rules
from registers.services import rules as services
from registers.views.withdrawal import withdraw_entry

RULE_SORTS = {"adopted": ["adopted_on", "pk"], "name": ["name", "pk"], "unit": ["unit__name", "adopted_on", "pk"]}
RULE_COLUMNS = [
    tables.Column(gettext_lazy("Name"), lambda rule: rule.name, "name", "-name"),
    tables.Column(gettext_lazy("Unit"), lambda rule: rule.unit.name, "unit", "-unit"),
    tables.Column(gettext_lazy("Applies to"), lambda rule: rule.scope),
    tables.Column(gettext_lazy("Adopted on"), lambda rule: rule.adopted_on, "adopted", "-adopted"),
    tables.Column(gettext_lazy("Last revised on"), lambda rule: rule.revised_on or ""),
    tables.Column(gettext_lazy("Approved by"), lambda rule: rule.approved_by),
    tables.Column(gettext_lazy("Text kept at"), lambda rule: rule.kept_at),
    tables.Column(gettext_lazy("Status"), lambda rule: _status(rule)),
]


def _status(rule):
    if rule.in_force:
        return _("In force")
    return _("Withdrawn on %(date)s") % {"date": rule.withdrawn_on.isoformat()}


def _rule_noun(count):
    return ngettext("%(count)s rule", "%(count)s rules", count) % {"count": count}


def _fields(data):
    return {name: data[name] for name in services.RULE_FIELDS}


@login_required
def rule_list(request):
    units = kept_units(request.user)
    if not register_units(request.user).exists():
        raise Http404
    form = RuleForm(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            rule = attempt(form, services.adopt_rule, unit=data["unit"], by=request.user, reason=data["reason"],
                           **_fields(data))
            if rule is not None:
                messages.success(request, _("“%(rule)s” entered in the register of rules.") % {"rule": rule.name})
                return redirect("registers:rule", pk=rule.pk)
    table = tables.list_table(
        request, visible_rules(request.user), columns=RULE_COLUMNS, sorts=RULE_SORTS, default="adopted",
        name="rules", what="Register of rules", noun=_rule_noun, limit=500,
    )
    if table.response:
        return table.response
    return render(request, "registers/rule_list.html", {
        **table.context,
        "rules": table.rows,
        "form": form if units.exists() else None,
        "print_units": register_units(request.user).order_by("name"),
    })


@login_required
def rule_detail(request, pk):
    rule = get_visible_or_404(visible_rules(request.user), pk=pk, request=request)
    steps = offers(request.user, rule, correct=services.check_correct_rule, withdraw=services.check_withdraw_rule)
    form = None
    if steps["correct"]:
        form = RuleForm(request.POST or None, instance=rule)
        form.fields["reason"].initial = None
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if attempt(form, services.correct_rule, rule=rule, by=request.user, reason=data["reason"],
                       **_fields(data)) is not None:
                messages.success(request, _("The register now reads as corrected."))
                return redirect("registers:rule", pk=rule.pk)
            rule.refresh_from_db()
    elif request.method == "POST":
        messages.error(request, services.check_correct_rule(rule, request.user).message)
        return redirect("registers:rule", pk=rule.pk)
    return render(request, "registers/rule_detail.html", {
        "rule": rule,
        "offers": steps,
        "form": form,
        "withdraw_form": WithdrawForm() if steps["withdraw"] else None,
        "history": newest_first(history_entries(
            rule.history.select_related("history_user").order_by("history_date", "history_id"), lambda row: row.name)),
    })


@login_required
@require_POST
def withdraw(request, pk):
    rule = get_visible_or_404(visible_rules(request.user), pk=pk, request=request)
    return withdraw_entry(
        request, rule, check=services.check_withdraw_rule,
        service=lambda entry, **step: services.withdraw_rule(rule=entry, **step),
        back=reverse("registers:rule", args=[rule.pk]),
        confirm={"title": _("Withdraw “%(rule)s”?") % {"rule": rule.name},
                 "warning": _("From today the rule is no longer in force. It stays in the register, marked withdrawn; "
                              "a withdrawal is not undone."),
                 "changes": [(rule.name, _("Withdrawn"))], "button": _("Withdraw the rule")},
        done=_("“%(rule)s” withdrawn.") % {"rule": rule.name},
    )


@login_required
@require_POST
def print_rules(request, unit_pk):
    return print_or_queue(request, "rule_register", {"unit": unit_pk}, back=reverse("registers:rules"))
