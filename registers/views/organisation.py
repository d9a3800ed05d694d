"""The register of organisation and responsibility: the secrecy group, the responsibility letters, the work plans.

Three lists (each with its entry form for keepers), one page per entry with its steps and history, and the print
of the whole register of a unit.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from documents import tables
from documents.history import history_entries, newest_first
from documents.views.people_picker import people_results
from documents.views.steps import attempt, offers
from documents.views.utils import get_visible_or_404
from printing.asking import print_or_queue
from registers.forms.common import WithdrawForm
from registers.forms.organisation import DoneForm, LeavingForm, LetterForm, MembershipForm, PlanForm, TaskForm
from registers.models import PlanTask
from registers.selectors import kept_units, register_units, visible_letters, visible_memberships, visible_plans
from registers.services import organisation as services
from registers.views.withdrawal import withdraw_entry

MEMBER_SORTS = {"position": ["unit__name", "left_on", "position", "appointed_on", "pk"],
                "appointed": ["appointed_on", "pk"]}
MEMBER_COLUMNS = [
    tables.Column(gettext_lazy("Person"), lambda m: tables.person(m.person)),
    tables.Column(gettext_lazy("Place in the group"), lambda m: m.get_position_display(), "position", "-position"),
    tables.Column(gettext_lazy("Unit"), lambda m: m.unit.name),
    tables.Column(gettext_lazy("Appointed on"), lambda m: m.appointed_on, "appointed", "-appointed"),
    tables.Column(gettext_lazy("Left on"), lambda m: m.left_on or ""),
]
LETTER_SORTS = {"signed": ["signed_on", "pk"], "unit": ["unit__name", "signed_on", "pk"]}
LETTER_COLUMNS = [
    tables.Column(gettext_lazy("Signed with"), lambda letter: letter.signed_with),
    tables.Column(gettext_lazy("Unit"), lambda letter: letter.unit.name, "unit", "-unit"),
    tables.Column(gettext_lazy("Signed on"), lambda letter: letter.signed_on, "signed", "-signed"),
    tables.Column(gettext_lazy("In force from"), lambda letter: letter.valid_from),
    tables.Column(gettext_lazy("In force until"), lambda letter: letter.valid_until),
    tables.Column(gettext_lazy("Withdrawn on"), lambda letter: letter.withdrawn_on or ""),
]
PLAN_SORTS = {"year": ["year", "pk"], "unit": ["unit__name", "year", "pk"]}
PLAN_COLUMNS = [
    tables.Column(gettext_lazy("Year"), lambda plan: plan.year, "year", "-year"),
    tables.Column(gettext_lazy("Title"), lambda plan: plan.title),
    tables.Column(gettext_lazy("Unit"), lambda plan: plan.unit.name, "unit", "-unit"),
    tables.Column(gettext_lazy("Adopted on"), lambda plan: plan.adopted_on),
    tables.Column(gettext_lazy("Tasks"), lambda plan: plan.task_count),
    tables.Column(gettext_lazy("Done"), lambda plan: plan.done_count),
    tables.Column(gettext_lazy("Withdrawn on"), lambda plan: plan.withdrawn_on or ""),
]


def _noun(singular, plural):
    return lambda count: ngettext(singular, plural, count) % {"count": count}


def _readable(request):
    if not register_units(request.user).exists():
        raise Http404


def _list_page(request, *, queryset, columns, sorts, default, name, what, noun, template, form, rows_name):
    table = tables.list_table(request, queryset, columns=columns, sorts=sorts, default=default, name=name, what=what,
                              noun=noun, limit=500)
    if table.response:
        return table.response
    return render(request, template, {**table.context, rows_name: table.rows, "form": form,
                                      "print_units": register_units(request.user).order_by("name")})


def _created(request, form, service, message, target, fields):
    """POST of a list's entry form by a keeper: the new entry's page, or None (the refusal is on the form)."""
    if not kept_units(request.user).exists():
        raise Http404
    if form.is_valid():
        data = form.cleaned_data
        entry = attempt(form, service, unit=data["unit"], by=request.user, reason=data["reason"], **fields(data))
        if entry is not None:
            messages.success(request, message)
            return redirect(target, pk=entry.pk)
    return None


# --- The secrecy group ---------------------------------------------------------------------------------------


@login_required
def group(request):
    _readable(request)
    units = kept_units(request.user)
    form = MembershipForm(request.POST or None, units=units) if units.exists() else None
    if request.method == "POST":
        done = _created(request, form, services.appoint, _("The appointment is entered in the register."),
                        "registers:membership", lambda data: {name: data[name] for name in
                                                              ("person", "position", "appointed_on")})
        if done:
            return done
    return _list_page(request, queryset=visible_memberships(request.user), columns=MEMBER_COLUMNS, sorts=MEMBER_SORTS,
                      default="position", name="secrecy-group", what="Secrecy group",
                      noun=_noun("%(count)s place", "%(count)s places"), template="registers/organisation_group.html",
                      form=form, rows_name="memberships")


@login_required
def membership_detail(request, pk):
    membership = get_visible_or_404(visible_memberships(request.user), pk=pk, request=request)
    steps = offers(request.user, membership, leave=services.check_record_leaving)
    form = None
    if steps["leave"]:
        form = LeavingForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if attempt(form, services.record_leaving, membership=membership, left_on=form.cleaned_data["left_on"],
                       by=request.user, reason=form.cleaned_data["reason"]) is not None:
                messages.success(request, _("The leaving is recorded."))
                return redirect("registers:membership", pk=membership.pk)
            membership.refresh_from_db()
    elif request.method == "POST":
        raise Http404
    return render(request, "registers/membership_detail.html", {
        "membership": membership, "form": form,
        "history": newest_first(history_entries(
            membership.history.select_related("history_user").order_by("history_date", "history_id"),
            lambda row: row.get_position_display())),
    })


# --- Responsibility letters ----------------------------------------------------------------------------------


def _letter_fields(data):
    return {name: data[name] for name in services.LETTER_FIELDS}


@login_required
def letter_list(request):
    _readable(request)
    units = kept_units(request.user)
    form = LetterForm(request.POST or None, units=units) if units.exists() else None
    if request.method == "POST":
        done = _created(request, form, services.enter_letter, _("The responsibility letter is entered in the register."),
                        "registers:letter", _letter_fields)
        if done:
            return done
    return _list_page(request, queryset=visible_letters(request.user), columns=LETTER_COLUMNS, sorts=LETTER_SORTS,
                      default="signed", name="responsibility-letters", what="Responsibility letters",
                      noun=_noun("%(count)s letter", "%(count)s letters"), template="registers/letter_list.html",
                      form=form, rows_name="letters")


@login_required
def letter_detail(request, pk):
    letter = get_visible_or_404(visible_letters(request.user), pk=pk, request=request)
    steps = offers(request.user, letter, correct=services.check_correct_letter, withdraw=services.check_withdraw_letter)
    form = None
    if steps["correct"]:
        form = LetterForm(request.POST or None, letter=letter)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if attempt(form, services.correct_letter, letter=letter, by=request.user, reason=data["reason"],
                       **_letter_fields(data)) is not None:
                messages.success(request, _("The register now reads as corrected."))
                return redirect("registers:letter", pk=letter.pk)
            letter.refresh_from_db()
    elif request.method == "POST":
        raise Http404
    return render(request, "registers/letter_detail.html", {
        "letter": letter, "form": form,
        "withdraw_form": WithdrawForm(help_text=LETTER_WITHDRAW_HELP) if steps["withdraw"] else None,
        "history": newest_first(history_entries(
            letter.history.select_related("history_user", "person").order_by("history_date", "history_id"),
            lambda row: row.party or str(row.person or ""))),
    })


LETTER_WITHDRAW_HELP = gettext_lazy("Why it is no longer in force, e.g. replaced by a new letter, the person left.")


@login_required
@require_POST
def withdraw_letter(request, pk):
    letter = get_visible_or_404(visible_letters(request.user), pk=pk, request=request)
    return withdraw_entry(
        request, letter, check=services.check_withdraw_letter, help_text=LETTER_WITHDRAW_HELP,
        service=lambda entry, **step: services.withdraw_letter(letter=entry, **step),
        back=reverse("registers:letter", args=[letter.pk]),
        confirm={"title": _("Withdraw the letter with %(party)s?") % {"party": letter.signed_with},
                 "warning": _("From today the letter is no longer in force. It stays in the register, marked "
                              "withdrawn; a withdrawal is not undone."),
                 "changes": [(letter.signed_with, _("Withdrawn"))], "button": _("Withdraw the letter")},
        done=_("The letter with %(party)s is withdrawn.") % {"party": letter.signed_with},
    )


# --- Work plans and their tasks ------------------------------------------------------------------------------


def _with_task_counts(plans):
    from django.db.models import Count, Q

    return plans.annotate(task_count=Count("tasks"), done_count=Count("tasks", filter=Q(tasks__done_on__isnull=False)))


@login_required
def plan_list(request):
    _readable(request)
    units = kept_units(request.user)
    form = PlanForm(request.POST or None, units=units) if units.exists() else None
    if request.method == "POST":
        done = _created(request, form, services.adopt_plan, _("The work plan is entered in the register."),
                        "registers:plan", lambda data: {name: data[name] for name in ("year", "title", "adopted_on")})
        if done:
            return done
    return _list_page(request, queryset=_with_task_counts(visible_plans(request.user)), columns=PLAN_COLUMNS,
                      sorts=PLAN_SORTS, default="year", name="work-plans", what="Work plans",
                      noun=_noun("%(count)s plan", "%(count)s plans"), template="registers/plan_list.html",
                      form=form, rows_name="plans")


def _plan_page(request, plan, *, task_form=None, done_forms=None):
    steps = offers(request.user, plan, add_task=services.check_add_task, withdraw=services.check_withdraw_plan)
    tasks = list(plan.tasks.select_related("responsible"))
    done_forms = done_forms or {}
    for task in tasks:
        task.done_form = None
        if services.check_record_done(task, request.user) is None:
            task.done_form = done_forms.get(task.pk) or DoneForm(prefix=f"task{task.pk}")
    return render(request, "registers/plan_detail.html", {
        "plan": plan, "tasks": tasks,
        "task_form": (task_form or TaskForm(plan=plan)) if steps["add_task"] else None,
        "withdraw_form": WithdrawForm(help_text=PLAN_WITHDRAW_HELP) if steps["withdraw"] else None,
        "history": newest_first([
            *history_entries(plan.history.select_related("history_user").order_by("history_date", "history_id"),
                             lambda row: row.title),
            *history_entries(PlanTask.history.filter(plan_id=plan.pk).select_related("history_user")
                             .order_by("history_date", "history_id"), lambda row: row.task),
        ]),
    })


PLAN_WITHDRAW_HELP = gettext_lazy("Why, e.g. replaced by a revised plan of the same year.")


@login_required
def plan_detail(request, pk):
    plan = get_visible_or_404(visible_plans(request.user), pk=pk, request=request)
    if request.method == "POST":
        raise Http404
    return _plan_page(request, plan)


@login_required
@require_POST
def add_task(request, pk):
    plan = get_visible_or_404(visible_plans(request.user), pk=pk, request=request)
    if services.check_add_task(plan, request.user) is not None:
        raise Http404
    form = TaskForm(request.POST, plan=plan)
    if form.is_valid():
        data = form.cleaned_data
        if attempt(form, services.add_task, plan=plan, by=request.user, reason=data["reason"],
                   **{name: data[name] for name in services.TASK_FIELDS}) is not None:
            messages.success(request, _("The task is added to the plan."))
            return redirect("registers:plan", pk=plan.pk)
    return _plan_page(request, plan, task_form=form)


@login_required
@require_POST
def record_done(request, pk):
    task = get_visible_or_404(PlanTask.objects.filter(plan__in=visible_plans(request.user)).select_related("plan__unit"),
                              pk=pk, request=request)
    if services.check_record_done(task, request.user) is not None:
        raise Http404
    form = DoneForm(request.POST, prefix=f"task{task.pk}")
    if form.is_valid():
        if attempt(form, services.record_done, task=task, done_on=form.cleaned_data["done_on"], by=request.user,
                   reason=form.cleaned_data["reason"]) is not None:
            messages.success(request, _("The task is recorded done."))
            return redirect("registers:plan", pk=task.plan_id)
    return _plan_page(request, task.plan, done_forms={task.pk: form})


@login_required
@require_POST
def withdraw_plan(request, pk):
    plan = get_visible_or_404(visible_plans(request.user), pk=pk, request=request)
    return withdraw_entry(
        request, plan, check=services.check_withdraw_plan, help_text=PLAN_WITHDRAW_HELP,
        service=lambda entry, **step: services.withdraw_plan(plan=entry, **step),
        back=reverse("registers:plan", args=[plan.pk]),
        confirm={"title": _("Withdraw the plan “%(plan)s”?") % {"plan": plan.title},
                 "warning": _("The plan and its tasks stay in the register, marked withdrawn; no task is added or "
                              "done on it any more. A withdrawal is not undone."),
                 "changes": [(plan.title, _("Withdrawn"))], "button": _("Withdraw the plan")},
        done=_("The plan “%(plan)s” is withdrawn.") % {"plan": plan.title},
    )


# --- People picker and print ---------------------------------------------------------------------------------


@login_required
@require_GET
def people(request):
    """People of a unit this person keeps the register of: for the group, a letter or a task."""
    unit_id = request.GET.get("unit", "")
    unit = kept_units(request.user).filter(pk=int(unit_id)).first() if unit_id.isdigit() and len(unit_id) < 10 else None
    if unit is None:
        raise Http404
    return people_results(request, services.group_people(unit), unit_id=unit.pk)


@login_required
@require_POST
def print_register(request, unit_pk):
    return print_or_queue(request, "organisation_register", {"unit": unit_pk}, back=reverse("registers:organisation"))
