from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from archives.forms.archives import FileCopiesForm, VolumeForm
from archives.models import ConsultationStatus
from archives.selectors import (
    awaiting_decision_by,
    registries_with_archives,
    visible_consultations,
    visible_volumes,
    volume_catalogue,
    volume_history,
)
from archives.services.filing import VOLUME_FIELDS, check_file_copies, create_volume, file_copies
from printing.asking import print_or_queue
from documents.models import CopyStatus
from documents.pagination import paginate
from documents.selectors import OFFICE_ROLES, registries_kept_by, visible_copies
from documents.services.roles import clerk_refusal
from documents.views.steps import attempt
from documents.views.utils import get_visible_or_404
from people.selectors import has_any_role

PAGE_SIZE = 50
CANDIDATES_SHOWN = 200


@login_required
def index(request):
    """The archives: volumes the user may see, and the consultations they deal with."""
    user = request.user
    volumes = visible_volumes(user).select_related("registry").annotate(items=Count("filed_copies"))
    page = paginate(
        volumes, keys=["-year", "volume_number", "pk"], after=request.GET.get("after"), before=request.GET.get("before"),
        size=PAGE_SIZE,
    )
    consultations = visible_consultations(user).select_related("registry", "person")
    return render(
        request,
        "archives/index.html",
        {
            "page": page,
            "is_first_page": not (request.GET.get("after") or request.GET.get("before")),
            "keeps_archives": registries_kept_by(user).exists(),
            "awaiting": awaiting_decision_by(user).select_related("registry", "person").order_by("requested_at"),
            "current": consultations.filter(
                status__in=[ConsultationStatus.REQUESTED, ConsultationStatus.APPROVED]
            ).order_by("-requested_at", "-pk")[:PAGE_SIZE],
            "finished": consultations.filter(
                status__in=[ConsultationStatus.FINISHED, ConsultationStatus.REJECTED]
            ).order_by("-requested_at", "-pk")[:20],
            "sees_log": registries_with_archives(user).exists(),
        },
    )


@login_required
def new_volume(request):
    registries = registries_kept_by(request.user)
    if not registries.exists():
        raise Http404
    form = VolumeForm(request.POST or None, registries=registries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        volume = attempt(
            form, create_volume,
            registry=data["registry"], by=request.user, reason=data["reason"], **{f: data[f] for f in VOLUME_FIELDS},
        )
        if volume is not None:
            messages.success(request, _("Volume %(number)s opened.") % {"number": volume.volume_number})
            return redirect("archives:volume", pk=volume.pk)
    return render(request, "archives/volume_new.html", {"form": form})


def _visible_volume(request, pk):
    return get_visible_or_404(
        visible_volumes(request.user).select_related("registry__unit", "created_by"), pk=pk, request=request,
    )


@login_required
def detail(request, pk):
    volume = _visible_volume(request, pk)
    user = request.user
    is_office = has_any_role(user, OFFICE_ROLES, volume.registry.unit_id)
    return render(
        request,
        "archives/volume_detail.html",
        {
            "volume": volume,
            "catalogue": volume_catalogue(volume, user),
            "is_office": is_office,
            "can_file": check_file_copies(volume, user) is None,
            "history": volume_history(volume) if is_office else [],
            "consultations": visible_consultations(user)
            .filter(volume_links__volume=volume)
            .select_related("person")
            .order_by("-requested_at", "-pk")[:20],
        },
    )


@login_required
def file_into(request, pk):
    """The clerk chooses copies back in the registry and files them into this volume."""
    volume = _visible_volume(request, pk)
    # Out of the clerk's hands is not found; a volume in the reading room says so on the form.
    if clerk_refusal(request.user, volume.registry) is not None:
        raise Http404
    query = (request.GET.get("q") or "").strip()
    candidates = (
        visible_copies(request.user)
        .filter(document__registry=volume.registry, status=CopyStatus.IN_REGISTRY)
        .select_related("document")
        .order_by("-document__year", "-document__serial", "number")
    )
    if query:
        candidates = candidates.filter(
            Q(document__registry_number__icontains=query) | Q(document__title__icontains=query)
            | Q(document__reference_number__icontains=query)
        )
    form = FileCopiesForm(request.POST or None, copies=candidates)
    if request.method == "POST" and form.is_valid():
        filed = attempt(
            form, file_copies,
            volume=volume, copies=list(form.cleaned_data["copies"]), by=request.user, reason=form.cleaned_data["reason"],
        )
        if filed is not None:
            messages.success(
                request,
                ngettext("%(count)d copy filed into volume %(number)s.", "%(count)d copies filed into volume %(number)s.", len(filed))
                % {"count": len(filed), "number": volume.volume_number},
            )
            return redirect("archives:volume", pk=volume.pk)
    shown = list(candidates[: CANDIDATES_SHOWN + 1])
    form.fields["copies"].queryset = candidates.filter(pk__in=[copy.pk for copy in shown[:CANDIDATES_SHOWN]])
    return render(
        request,
        "archives/volume_file.html",
        {"volume": volume, "form": form, "query": query, "more": len(shown) > CANDIDATES_SHOWN},
    )


@login_required
@require_POST
def print_catalogue(request, pk):
    volume = _visible_volume(request, pk)
    return print_or_queue(request, "volume_catalogue", {"volume": volume.pk}, back=reverse("archives:volume", args=[pk]))
