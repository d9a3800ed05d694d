"""API views. Reads start from documents.selectors; steps call documents.services."""

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.api import serializers as s
from documents.api.base import ObjectStep, ScopedDetail, ScopedList, ScopedView, StepView, api_proof
from documents.filtersets import CopyLedgerFilter, DocumentLedgerFilter
from documents.selectors import document_history, registries_kept_by, visible_copies, visible_documents
from documents.services.editing import update_document
from documents.services.registration import register_document
from documents.services.scope import change_scope
from documents.services.storage import PLACE_FIELDS, move_copy, place
from documents.views.ledger import COPY_SORTS, DOCUMENT_SORTS


class DocumentList(ScopedList, StepView):
    """GET: the documents you may know, with the ledger's filters. POST: register a document (clerks)."""

    selector = staticmethod(visible_documents)
    related = ("registry", "created_by")
    serializer_class = s.DocumentOut
    filterset_class = DocumentLedgerFilter
    sorts = DOCUMENT_SORTS
    creates = True
    input_serializer = s.RegistrationIn
    output_serializer = s.DocumentDetailOut
    success_status = 201

    def perform(self, obj, data):
        location = place(*(data.pop(name, "") for name in PLACE_FIELDS))
        return register_document(by=self.request.user, location=location, **data)


class DocumentDetail(ScopedDetail):
    selector = staticmethod(visible_documents)
    related = ("registry", "created_by")
    serializer_class = s.DocumentDetailOut


class DocumentHistory(ScopedView):
    """Every change to the document, its copies and its scope: who, when, what and why; newest first."""

    selector = staticmethod(visible_documents)
    serializer_class = s.HistoryEntryOut

    @extend_schema(responses=s.HistoryEntryOut(many=True))
    def get(self, request, *args, **kwargs):
        entries = document_history(self.get_object())
        return Response(s.HistoryEntryOut(entries, many=True).data)


class CorrectDocument(StepView):
    """Correct a document's particulars (clerks of its registry). Give only the fields that change."""

    selector = staticmethod(visible_documents)
    input_serializer = s.CorrectionIn
    output_serializer = s.DocumentDetailOut

    def perform(self, document, data):
        return update_document(document=document, by=self.request.user, **data)


class ChangeScope(StepView):
    """Widen or narrow a document's knowledge scope (clerks of its registry)."""

    selector = staticmethod(visible_documents)
    input_serializer = s.ScopeChangeIn
    output_serializer = s.DocumentDetailOut

    def perform(self, document, data):
        return change_scope(document=document, by=self.request.user, proof=api_proof(self.request), **data)


class CopyList(ScopedList):
    """The per-copy ledger: every copy you may know, where it is and who holds it."""

    selector = staticmethod(visible_copies)
    related = ("document__registry", "holder", "location")
    serializer_class = s.CopyOut
    filterset_class = CopyLedgerFilter
    sorts = COPY_SORTS


class MoveCopy(ObjectStep):
    """Keep a copy at another place of its registry (room, cabinet, shelf), with a reason (clerks of its registry)."""

    selector = staticmethod(visible_copies)
    related = ("document", "holder", "location")
    input_serializer = s.MoveCopyIn
    output_serializer = s.CopyOut
    service = staticmethod(move_copy)
    target = "copy"


class CopyDetail(ScopedDetail):
    selector = staticmethod(visible_copies)
    related = ("document", "holder", "location")
    serializer_class = s.CopyOut


class RegistryList(ScopedList):
    """The registries you keep as their secrecy clerk: where you can register documents."""

    selector = staticmethod(registries_kept_by)
    related = ("unit",)
    serializer_class = s.RegistryOut
    pagination_class = None
    filter_backends = ()

    def get_queryset(self):
        return super().get_queryset().order_by("code")


class NoSuchEndpoint(APIView):
    """Any other address under /api/: the same JSON 404 as an id outside the caller's scope."""

    schema = None  # not an operation

    def get(self, request, *args, **kwargs):
        raise NotFound()

    post = put = patch = delete = head = options = get
