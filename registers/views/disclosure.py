"""Disclosure review and data given outside: the two lists with their entry forms, one entry with its steps and
history, the people pickers, print."""

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
from registers.forms.disclosure import DecisionForm, ProvisionForm, PublicationForm, ReleaseForm
from registers.selectors import kept_units, register_units, unit_leaders, visible_provisions, visible_publications
from registers.services import disclosure as services
from registers.views.withdrawal import withdraw_entry

PUBLICATION_WITHDRAW_HELP = gettext_lazy("Why the entry is withdrawn, e.g. the item will not be published after all.")
PROVISION_WITHDRAW_HELP = gettext_lazy("Why the entry is withdrawn, e.g. it was entered twice.")
PUBLICATION_SORTS = {"registered": ["registered_on", "pk"], "title": ["title", "pk"],
                     "unit": ["unit__name", "registered_on", "pk"]}
PUBLICATION_COLUMNS = [
    tables.Column(gettext_lazy("Title or subject"), lambda item: item.title, "title", "-title"),
    tables.Column(gettext_lazy("Unit"), lambda item: item.unit.name, "unit", "-unit"),
    tables.Column(gettext_lazy("Channel"), lambda item: item.get_channel_display()),
    tables.Column(gettext_lazy("Submitted by"), lambda item: item.submitted_by),
    tables.Column(gettext_lazy("Reviewer"), lambda item: tables.person(item.reviewer)),
    tables.Column(gettext_lazy("Decision"), lambda item: item.get_decision_display()),
    tables.Column(gettext_lazy("Decided on"), lambda item: item.decided_on or ""),
    tables.Column(gettext_lazy("Released on"), lambda item: item.released_on or ""),
    tables.Column(gettext_lazy("Status"), lambda item: item.state_label()),
]
PROVISION_SORTS = {"provided": ["provided_on", "pk"], "recipient": ["recipient", "pk"],
                   "unit": ["unit__name", "provided_on", "pk"]}
PROVISION_COLUMNS = [
    tables.Column(gettext_lazy("Receiving unit"), lambda item: item.recipient, "recipient", "-recipient"),
    tables.Column(gettext_lazy("Unit"), lambda item: item.unit.name, "unit", "-unit"),
    tables.Column(gettext_lazy("Introduction letter number"), lambda item: item.letter_number),
    tables.Column(gettext_lazy("Purpose"), lambda item: item.purpose),
    tables.Column(gettext_lazy("What was provided"), lambda item: item.description),
    tables.Column(gettext_lazy("Registered copies given"), lambda item: item.copies_text()),
    tables.Column(gettext_lazy("Official seal affixed"), lambda item: _("Yes") if item.sealed else _("No")),
    tables.Column(gettext_lazy("Approving leader"), lambda item: tables.person(item.approved_by)),
    tables.Column(gettext_lazy("Provided on"), lambda item: item.provided_on, "provided", "-provided"),
    tables.Column(gettext_lazy("Status"), lambda item: _("Withdrawn") if item.withdrawn_on else _("Recorded")),
]
PEOPLE = {"reviewer": services.reviewers, "submitter": services.unit_people, "leader": unit_leaders}


def _publication_noun(count):
    return ngettext("%(count)s item", "%(count)s items", count) % {"count": count}


def _provision_noun(count):
    return ngettext("%(count)s provision", "%(count)s provisions", count) % {"count": count}


def _fields(data, names):
    return {name: data[name] for name in names}


def _history(entry, label):
    return newest_first(history_entries(entry.history.select_related("history_user").order_by("history_date", "history_id"),
                                        label))


def _register_list(request, *, form_class, service, fields, created, detail, selector, columns, sorts, default, name,
                   what, noun, template, rows_name):
    """The list of one of the two registers with its entry form for keepers; the same for both."""
    if not register_units(request.user).exists():
        raise Http404
    units = kept_units(request.user)
    form = form_class(request.POST or None, units=units)
    if request.method == "POST":
        if not units.exists():
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            entry = attempt(form, service, unit=data["unit"], by=request.user, reason=data["reason"],
                            **_fields(data, fields))
            if entry is not None:
                messages.success(request, created % {"entry": entry})
                return redirect(detail, pk=entry.pk)
    table = tables.list_table(request, selector(request.user), columns=columns, sorts=sorts, default=default, name=name,
                              what=what, noun=noun, limit=500)
    if table.response:
        return table.response
    return render(request, template, {**table.context, rows_name: table.rows, "form": form if units.exists() else None,
                                      "print_units": register_units(request.user).order_by("name")})


@login_required
def publication_list(request):
    return _register_list(
        request, form_class=PublicationForm, service=services.submit_publication, fields=services.PUBLICATION_FIELDS,
        created=_("“%(entry)s” entered for secrecy review."), detail="registers:publication",
        selector=visible_publications, columns=PUBLICATION_COLUMNS, sorts=PUBLICATION_SORTS, default="-registered",
        name="publications", what="Register of disclosure review", noun=_publication_noun,
        template="registers/publication_list.html", rows_name="publications",
    )


@login_required
def publication_detail(request, pk):
    publication = get_visible_or_404(visible_publications(request.user), pk=pk, request=request)
    steps = offers(request.user, publication, correct=services.check_correct_publication,
                   withdraw=services.check_withdraw_publication, decide=services.check_record_decision,
                   release=services.check_record_release)
    form = None
    if steps["correct"]:
        form = PublicationForm(request.POST or None, publication=publication)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if attempt(form, services.correct_publication, publication=publication, by=request.user,
                       reason=data["reason"], **_fields(data, services.PUBLICATION_FIELDS)) is not None:
                messages.success(request, _("The register now reads as corrected."))
                return redirect("registers:publication", pk=publication.pk)
            publication.refresh_from_db()
    elif request.method == "POST":
        raise Http404
    return render(request, "registers/publication_detail.html", {
        "publication": publication,
        "offers": steps,
        "form": form,
        "decision_form": DecisionForm() if steps["decide"] else None,
        "release_form": ReleaseForm() if steps["release"] else None,
        "withdraw_form": WithdrawForm(help_text=PUBLICATION_WITHDRAW_HELP) if steps["withdraw"] else None,
        "history": _history(publication, lambda row: row.title),
    })


def _step(request, pk, form_class, service, done, **names):
    """A step with a form of its own on the entry's page: done, or its refusal as a message back on the page."""
    publication = get_visible_or_404(visible_publications(request.user), pk=pk, request=request)
    back = reverse("registers:publication", args=[publication.pk])
    form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if attempt(form, service, publication=publication, by=request.user,
                   **{name: data[name] for name in names.get("fields", ())}, reason=data["reason"]) is not None:
            messages.success(request, done)
            return redirect(back)
    messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    return redirect(back)


@login_required
@require_POST
def record_decision(request, pk):
    return _step(request, pk, DecisionForm, services.record_decision, _("The review's decision is recorded."),
                 fields=("decision", "changes", "decided_on"))


@login_required
@require_POST
def record_release(request, pk):
    return _step(request, pk, ReleaseForm, services.record_release, _("The release is recorded."),
                 fields=("released_on",))


@login_required
@require_POST
def withdraw_publication(request, pk):
    publication = get_visible_or_404(visible_publications(request.user), pk=pk, request=request)
    return withdraw_entry(
        request, publication, check=services.check_withdraw_publication, help_text=PUBLICATION_WITHDRAW_HELP,
        service=lambda entry, **step: services.withdraw_publication(publication=entry, **step),
        back=reverse("registers:publication", args=[publication.pk]),
        confirm={"title": _("Withdraw “%(title)s” from the register?") % {"title": publication.title},
                 "warning": _("From today the item is withdrawn and is not released; it stays in the register, marked "
                              "withdrawn. This is not undone."),
                 "changes": [(publication.title, _("Withdrawn"))], "button": _("Withdraw the entry")},
        done=_("“%(title)s” withdrawn.") % {"title": publication.title},
    )


@login_required
def provision_list(request):
    return _register_list(
        request, form_class=ProvisionForm, service=services.record_provision, fields=services.PROVISION_FIELDS,
        created=_("The provision to %(entry)s is entered in the register."), detail="registers:provision",
        selector=visible_provisions, columns=PROVISION_COLUMNS, sorts=PROVISION_SORTS, default="-provided",
        name="provisions", what="Register of data given outside", noun=_provision_noun,
        template="registers/provision_list.html", rows_name="provisions",
    )


@login_required
def provision_detail(request, pk):
    provision = get_visible_or_404(visible_provisions(request.user), pk=pk, request=request)
    steps = offers(request.user, provision, correct=services.check_correct_provision,
                   withdraw=services.check_withdraw_provision)
    form = None
    if steps["correct"]:
        form = ProvisionForm(request.POST or None, provision=provision)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if attempt(form, services.correct_provision, provision=provision, by=request.user, reason=data["reason"],
                       **_fields(data, services.PROVISION_FIELDS)) is not None:
                messages.success(request, _("The register now reads as corrected."))
                return redirect("registers:provision", pk=provision.pk)
            provision.refresh_from_db()
    elif request.method == "POST":
        raise Http404
    return render(request, "registers/provision_detail.html", {
        "provision": provision,
        "offers": steps,
        "form": form,
        "withdraw_form": WithdrawForm(help_text=PROVISION_WITHDRAW_HELP) if steps["withdraw"] else None,
        "history": _history(provision, lambda row: row.recipient),
    })


@login_required
@require_POST
def withdraw_provision(request, pk):
    provision = get_visible_or_404(visible_provisions(request.user), pk=pk, request=request)
    return withdraw_entry(
        request, provision, check=services.check_withdraw_provision, help_text=PROVISION_WITHDRAW_HELP,
        service=lambda entry, **step: services.withdraw_provision(provision=entry, **step),
        back=reverse("registers:provision", args=[provision.pk]),
        confirm={"title": _("Withdraw the provision to %(recipient)s?") % {"recipient": provision.recipient},
                 "warning": _("The entry stays in the register, marked withdrawn; a withdrawal is not undone."),
                 "changes": [(str(provision), _("Withdrawn"))], "button": _("Withdraw the entry")},
        done=_("The provision to %(recipient)s is withdrawn.") % {"recipient": provision.recipient},
    )


@login_required
@require_GET
def people(request, who):
    """The people who may take part `who` (reviewer, submitter, approving leader) in a unit this person keeps."""
    unit_id = request.GET.get("unit", "")
    unit = kept_units(request.user).filter(pk=int(unit_id)).first() if unit_id.isdigit() and len(unit_id) < 10 else None
    if unit is None or who not in PEOPLE:
        raise Http404
    return people_results(request, PEOPLE[who](unit), unit_id=unit.pk)


@login_required
@require_POST
def print_publications(request, unit_pk):
    return print_or_queue(request, "disclosure_register", {"unit": unit_pk}, back=reverse("registers:publications"))


@login_required
@require_POST
def print_provisions(request, unit_pk):
    return print_or_queue(request, "provision_register", {"unit": unit_pk}, back=reverse("registers:provisions"))
