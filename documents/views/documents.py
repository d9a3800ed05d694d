from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, ngettext

from accounts.services.reauth import proof_of
from archives.views.panel import archives_panel
from documents.panels import document_panels
from documents.forms.documents import EditForm, RegistrationForm, ScopeForm
from documents.selectors import document_history, registries_kept_by, visible_documents
from documents.services.editing import EDITABLE_FIELDS, check_update_document, update_document
from documents.services.registration import REGISTRATION_FIELDS, register_document
from documents.services.scope import change_scope, check_change_scope, check_widen_scope, scope_of
from documents.views import bulk, classification, destruction, storage
from documents.views.borrowing import loan_panel
from documents.views.copying import reproduction_panel
from documents.views.circulation import circulation_panel
from documents.views.labels import labels_panel
from documents.views.prints import prints_panel
from documents.views.steps import attempt, offers
from documents.views.utils import get_visible_or_404
from documents.whereabouts import annotate_whereabouts


def _visible_document(request, pk):
    return get_visible_or_404(
        visible_documents(request.user).select_related("registry__unit", "created_by", "received_from_registry__unit"),
        pk=pk,
        request=request,
    )


@login_required
def register(request):
    registries = registries_kept_by(request.user)
    if not registries.exists():
        # Nothing to register into: as for any page this person has no business on.
        raise Http404
    form = RegistrationForm(request.POST or None, registries=registries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = attempt(
            form,
            register_document,
            registry=data["registry"],
            by=request.user,
            reason=data["reason"],
            scope_users=list(data["scope_users"]),
            scope_units=list(data["scope_units"]),
            copy_numbers=data["copy_numbers"],
            location=data["location"],
            **{name: data[name] for name in REGISTRATION_FIELDS},
        )
        if document is not None:
            messages.success(
                request,
                ngettext("Registered %(number)s with %(count)d copy.", "Registered %(number)s with %(count)d copies.",
                         document.copies_count)
                % {"number": document.registry_number, "count": document.copies_count},
            )
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/register.html", {"form": form})


@login_required
def detail(request, pk):
    document = _visible_document(request, pk)
    return render(request, "documents/detail.html", detail_context(request.user, document))


def detail_context(user, document):
    """Everything the document page shows `user` of a document found in their scope (the benchmark times this)."""
    users, units = scope_of(document)
    copies = annotate_whereabouts(document.copies.select_related("holder", "source_copy", "location").order_by("number"))
    context = {
        "document": document,
        # A copy with another unit is held by no one here: the holder column says where it is (documents.whereabouts).
        "copies": copies,
        "scope_users": users,
        "scope_units": units,
        "history": document_history(document),
        "offers": {
            **offers(user, document, edit=check_update_document, scope=check_change_scope),
            "move_copies": storage.offers_move(user, document, copies),
        },
        **loan_panel(user, document),
        **reproduction_panel(user, document),
        **circulation_panel(user, document),
        **destruction.panel(user, document),
        **classification.panel(user, document),
        "archives_panel": archives_panel(user, document),
        "prints": prints_panel(user, document),
        "app_panels": document_panels(user, document),
    }
    context.update(labels_panel(user, document, context["copies"]))
    # From the circulation panel's answers: no question asked twice.
    context.update(bulk.links(user, document, context["circulation_rows"]))
    return context


@login_required
def edit(request, pk):
    document = _visible_document(request, pk)
    form = EditForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            update_document,
            document=document,
            by=request.user,
            reason=form.cleaned_data["reason"],
            # Only what this person changed on the page they loaded: a
            # correction saved meanwhile by someone else is not undone.
            **{name: form.cleaned_data[name] for name in EDITABLE_FIELDS if name in form.changed_data},
        )
        if saved is not None:
            messages.success(request, _("Changes saved and recorded."))
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/edit.html", {"document": document, "form": form})


@login_required
def edit_scope(request, pk):
    document = _visible_document(request, pk)
    widening = check_widen_scope(document, request.user)
    form = ScopeForm(request.POST or None, document=document, can_widen=widening is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = attempt(
            form,
            change_scope,
            document=document,
            by=request.user,
            reason=data["reason"],
            add_users=list(data.get("add_users", ())),
            add_units=list(data.get("add_units", ())),
            remove_users=list(data["remove_users"]),
            remove_units=list(data["remove_units"]),
            proof=proof_of(request),
        )
        if changed is not None:
            messages.success(request, _("Knowledge scope changed and recorded."))
            return redirect("documents:detail", pk=document.pk)
    users, units = scope_of(document)
    return render(
        request,
        "documents/scope.html",
        {
            "document": document, "form": form, "scope_users": users, "scope_units": units,
            # Why nobody can be added (a telegram), said once above the form instead of fields that would refuse.
            "no_widening": widening.message if widening is not None and form.fields.get("add_users") is None else "",
        },
    )
