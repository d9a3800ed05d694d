from django.urls import path

from documents.api import borrowing, circulation, copying, declassification, destruction, inventory, recovery, views

app_name = "api"

urlpatterns = [
    path("documents/", views.DocumentList.as_view(), name="document-list"),
    path("documents/<int:pk>/", views.DocumentDetail.as_view(), name="document-detail"),
    path("documents/<int:pk>/history/", views.DocumentHistory.as_view(), name="document-history"),
    path("documents/<int:pk>/correction/", views.CorrectDocument.as_view(), name="document-correction"),
    path("documents/<int:pk>/scope/", views.ChangeScope.as_view(), name="document-scope"),
    path("copies/", views.CopyList.as_view(), name="copy-list"),
    path("copies/<int:pk>/", views.CopyDetail.as_view(), name="copy-detail"),
    path("copies/<int:pk>/location/", views.MoveCopy.as_view(), name="copy-move"),
    path("registries/", views.RegistryList.as_view(), name="registry-list"),
    path("copies/<int:pk>/circulations/", circulation.ProposeCirculation.as_view(), name="copy-circulate"),
    path("copies/<int:pk>/report-loss/", circulation.ReportLoss.as_view(), name="copy-report-loss"),
    path("circulations/<int:pk>/", circulation.CirculationDetail.as_view(), name="circulation-detail"),
    path("circulations/<int:pk>/approve/", circulation.ApproveCirculation.as_view(), name="circulation-approve"),
    path("circulations/<int:pk>/reject/", circulation.RejectCirculation.as_view(), name="circulation-reject"),
    path("circulations/<int:pk>/hand-out/", circulation.HandOut.as_view(), name="circulation-hand-out"),
    path("circulations/<int:pk>/mark-read/", circulation.MarkRead.as_view(), name="circulation-mark-read"),
    path("circulations/<int:pk>/take-back/", circulation.TakeBack.as_view(), name="circulation-take-back"),
    path("circulations/<int:pk>/cancel/", circulation.CancelCirculation.as_view(), name="circulation-cancel"),
    # Borrowing
    path("copies/<int:pk>/loans/", borrowing.RequestLoan.as_view(), name="copy-loan"),
    path("loans/", borrowing.LoanList.as_view(), name="loan-list"),
    path("loans/<int:pk>/", borrowing.LoanDetail.as_view(), name="loan-detail"),
    path("loans/<int:pk>/approve/", borrowing.ApproveLoan.as_view(), name="loan-approve"),
    path("loans/<int:pk>/reject/", borrowing.RejectLoan.as_view(), name="loan-reject"),
    path("loans/<int:pk>/cancel/", borrowing.CancelLoan.as_view(), name="loan-cancel"),
    path("loans/<int:pk>/hand-out/", borrowing.HandOutLoan.as_view(), name="loan-hand-out"),
    path("loans/<int:pk>/return/", borrowing.ReturnLoan.as_view(), name="loan-return"),
    # Copying and excerpting
    path("copies/<int:pk>/reproductions/", copying.RequestReproduction.as_view(), name="copy-reproduce"),
    path("reproductions/<int:pk>/", copying.ReproductionDetail.as_view(), name="reproduction-detail"),
    path("reproductions/<int:pk>/approve/", copying.ApproveReproduction.as_view(), name="reproduction-approve"),
    path("reproductions/<int:pk>/reject/", copying.RejectReproduction.as_view(), name="reproduction-reject"),
    path("reproductions/<int:pk>/execute/", copying.ExecuteReproduction.as_view(), name="reproduction-execute"),
    # Recovery to issuer
    path("recoveries/", recovery.RecoverCopies.as_view(), name="recovery-list"),
    path("recoveries/<int:pk>/", recovery.RecoveryDetail.as_view(), name="recovery-detail"),
    # Destruction
    path("destruction-lists/", destruction.PrepareDestructionList.as_view(), name="destruction-list-list"),
    path("destruction-lists/<int:pk>/", destruction.DestructionListDetail.as_view(), name="destruction-list-detail"),
    path("destruction-lists/<int:pk>/add-copies/", destruction.AddCopies.as_view(), name="destruction-list-add"),
    path("destruction-lists/<int:pk>/remove-copies/", destruction.RemoveCopies.as_view(), name="destruction-list-remove"),
    path("destruction-lists/<int:pk>/submit/", destruction.SubmitDestructionList.as_view(), name="destruction-list-submit"),
    path("destruction-lists/<int:pk>/approve/", destruction.ApproveDestructionList.as_view(), name="destruction-list-approve"),
    path("destruction-lists/<int:pk>/reject/", destruction.RejectDestructionList.as_view(), name="destruction-list-reject"),
    path("destruction-lists/<int:pk>/execute/", destruction.ExecuteDestructionList.as_view(), name="destruction-list-execute"),
    # Declassification and change
    path(
        "documents/<int:pk>/classification-decisions/", declassification.DecideClassification.as_view(),
        name="document-classification",
    ),
    # Inventory
    path("inventories/", inventory.OpenInventory.as_view(), name="inventory-list"),
    path("inventories/<int:pk>/", inventory.InventoryDetail.as_view(), name="inventory-detail"),
    path("inventories/<int:pk>/seen/", inventory.MarkSeen.as_view(), name="inventory-seen"),
    path("inventories/<int:pk>/items/<int:item_pk>/problem/", inventory.RecordProblem.as_view(), name="inventory-problem"),
    path("inventories/<int:pk>/close/", inventory.CloseInventory.as_view(), name="inventory-close"),
    path("inventories/<int:pk>/sign-off/", inventory.SignOff.as_view(), name="inventory-sign-off"),
]
