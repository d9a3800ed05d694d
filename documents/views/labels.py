"""Printing copy labels and cover sheets, from the document page or the ledger (documents/pdf/labels.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from documents.pdf.labels import MAX_LABELS
from documents.pdf.permissions import labelable_copies
from printing.asking import print_or_queue

KINDS = {"labels": "copy_labels", "covers": "cover_sheets"}


class CopyLabelsForm(forms.Form):
    what = forms.ChoiceField(choices=[("labels", gettext_lazy("Labels")), ("covers", gettext_lazy("Cover sheets"))])
    document = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    copies = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # Any whole number is a choice here: which copies exist for this person is the builder's question (404 otherwise).
        self.fields["copies"].valid_value = lambda value: str(value).isdigit() and len(str(value)) < 10

    def clean(self):
        data = super().clean()
        copies = data.get("copies") or []
        if len(copies) > MAX_LABELS:
            raise forms.ValidationError(_("Print at most %(max)d labels at a time.") % {"max": MAX_LABELS})
        if not copies and not data.get("document"):
            raise forms.ValidationError(_("Tick the copies to print labels for."))
        return data

    def params(self):
        copies = self.cleaned_data.get("copies")
        # Ticked copies, else every copy the document's registry keeps.
        return {"copies": sorted(set(copies))} if copies else {"document": self.cleaned_data["document"]}


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "documents:ledger"


@login_required
@require_POST
def print_copy_labels(request):
    form = CopyLabelsForm(request.POST)
    back = _back(request)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
            break
        return redirect(back)
    return print_or_queue(request, KINDS[form.cleaned_data["what"]], form.params(), back=back)


def labels_panel(user, document, copies):
    """What the document page offers for labels: the copies `user` may label (the page's own list of copies)."""
    for copy in copies:
        copy.document = document  # already read: no query per copy for its registry
    labelable = labelable_copies(user, copies)
    return {"labels_offered": bool(labelable), "labelable": labelable}
