from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    """Classification review of outgoing documents (定密, issue 16 item 1): proposal, review, approval, registration.

    Depends on documents; documents knows nothing of it but the hooks it asks
    (a panel on the document page, sections in the inboxes, the demo loader).
    """

    name = "review"
    verbose_name = _("Classification review")

    def ready(self):
        from documents.inbox import register_decision_count, register_section
        from documents.management.demo_hooks import register_demo_loader
        from documents.panels import register_document_panel
        from people.roles import Role
        from review.demo import load as load_demo
        from review.selectors import decisions_waiting
        from review.views import (
            document_panel,
            proposals_returned_section,
            proposals_to_approve_section,
            proposals_to_review_section,
        )

        register_document_panel("review/_document_panel.html", document_panel)
        register_section(Role.LEADER, proposals_to_approve_section)
        register_section(Role.CLERK, proposals_to_review_section)
        for role in (Role.CLERK, Role.LEADER, Role.READER):
            register_section(role, proposals_returned_section)
        register_decision_count(decisions_waiting)
        register_demo_loader(load_demo)
