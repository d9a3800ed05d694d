from django.urls import path

from documents.views import approvals, borrowing, copying, documents, home, ledger

app_name = "documents"

urlpatterns = [
    path("ledger/", ledger.ledger, name="ledger"),
    path("documents/register/", documents.register, name="register"),
    path("documents/<int:pk>/", documents.detail, name="detail"),
    path("documents/<int:pk>/edit/", documents.edit, name="edit"),
    path("documents/<int:pk>/scope/", documents.edit_scope, name="scope"),
    # borrowing and copying
    path("documents/<int:pk>/loans/request/", borrowing.request_loan, name="loan_request"),
    path("loans/", borrowing.loan_list, name="loans"),
    path("loans/<int:pk>/decide/", borrowing.decide_loan, name="loan_decide"),
    path("loans/<int:pk>/hand-out/", borrowing.hand_out, name="loan_hand_out"),
    path("loans/<int:pk>/return/", borrowing.receive_back, name="loan_return"),
    path("loans/<int:pk>/cancel/", borrowing.cancel, name="loan_cancel"),
    path("approvals/", approvals.approvals, name="approvals"),
    path("documents/<int:pk>/copying/request/", copying.request_reproduction, name="reproduction_request"),
    path("copying/<int:pk>/decide/", copying.decide, name="reproduction_decide"),
    path("copying/<int:pk>/execute/", copying.execute, name="reproduction_execute"),
]
