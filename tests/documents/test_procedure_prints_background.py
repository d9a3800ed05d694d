"""A large procedure ledger goes to the background like any other, and its job rebuilds it from the form's choice."""

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import PrintRecord
from printing.models import PrintJob, PrintJobStatus
from documents.services.recovery import recover_copies
from tests.documents.test_prints_background import small_threshold, wait_for  # noqa: F401  (small_threshold is a fixture)
from tests.factories import PASSWORD, DocumentFactory
from tests.pdf_reading import flat, page_texts

pytestmark = pytest.mark.django_db(transaction=True)


def test_recovery_ledger_over_the_threshold_is_printed_in_the_background(client, office, small_threshold):
    document = DocumentFactory(registry=office.registry, by=office.clerk, copies_count=8, title="后台打印的清退台账")
    recover_copies(
        copies=list(document.copies.all()), issuing_organ="省委办公厅", receipt_reference="R-1", by=office.clerk,
        reason="Annual clean-up",
    )
    assert client.login(username="clerk", password=PASSWORD)

    response = client.post(
        reverse("documents:print_procedures"),
        {"kind": "recovery", "registry": office.registry.pk, "year": timezone.localdate().year},
    )

    job = wait_for(PrintJob.objects.get())
    assert response["Location"] == reverse("printing:job", args=[job.pk])
    assert (job.status, job.kind) == (PrintJobStatus.DONE, "recovery")
    pdf = b"".join(client.get(reverse("printing:download", args=[job.pk])).streaming_content)
    assert flat("".join(page_texts(pdf))).count("后台打印的清退台账") == 8
    record = PrintRecord.objects.get()
    assert (record.kind, record.row_count, record.printed_by) == ("recovery", 8, office.clerk)
