from django.urls import path

from documents.views import (
    approvals,
    borrowing,
    bulk,
    circulation,
    classification,
    copying,
    destruction,
    documents,
    find,
    home,
    inventory,
    labels,
    ledger,
    loss,
    people_picker,
    prints,
    procedure_prints,
    recovery,
    storage,
)

app_name = "documents"

urlpatterns = [
    path("ledger/", ledger.ledger, name="ledger"),
    path("find/", find.find, name="find"),
    path("documents/register/", documents.register, name="register"),
    path("documents/<int:pk>/", documents.detail, name="detail"),
    path("documents/<int:pk>/edit/", documents.edit, name="edit"),
    path("documents/<int:pk>/scope/", documents.edit_scope, name="scope"),
    path("documents/<int:pk>/copies/move/", storage.move, name="copies_move"),
    # borrowing and copying
    path("documents/<int:pk>/loans/request/", borrowing.request_loan, name="loan_request"),
    path("loans/", borrowing.loan_list, name="loans"),
    path("loans/<int:pk>/decide/", borrowing.decide_loan, name="loan_decide"),
    path("loans/<int:pk>/hand-out/", borrowing.hand_out, name="loan_hand_out"),
    path("loans/<int:pk>/return/", borrowing.receive_back, name="loan_return"),
    path("loans/<int:pk>/cancel/", borrowing.cancel, name="loan_cancel"),
    path("approvals/", approvals.approvals, name="approvals"),
    path("inbox/approve/", home.approve_selected, name="inbox_approve"),
    path("documents/<int:pk>/copying/request/", copying.request_reproduction, name="reproduction_request"),
    path("copying/<int:pk>/decide/", copying.decide, name="reproduction_decide"),
    path("copying/<int:pk>/execute/", copying.execute, name="reproduction_execute"),
    path("inventories/", inventory.inventory_list, name="inventories"),
    path("inventories/<int:pk>/", inventory.inventory_detail, name="inventory"),
    path("inventories/<int:pk>/items/<int:item_pk>/", inventory.record_problem, name="inventory_problem"),
    path("inventories/<int:pk>/devices/<int:device_item_pk>/", inventory.record_device_problem, name="inventory_device_problem"),
    path("inventories/<int:pk>/close/", inventory.close, name="inventory_close"),
    path("inventories/<int:pk>/sign-off/", inventory.sign_off, name="inventory_sign_off"),
    path("inventories/<int:pk>/print/", inventory.print_result, name="inventory_print"),
    path("inventories/<int:pk>/report-missing/", inventory.report_missing, name="inventory_report_missing"),
    # Circulation (传阅)
    path("copies/<int:copy_pk>/circulate/", circulation.propose, name="circulation_propose"),
    path("circulations/awaiting/", circulation.queue, name="circulation_queue"),
    path("circulations/<int:pk>/", circulation.detail, name="circulation_detail"),
    path("circulations/<int:pk>/decide/", circulation.decide, name="circulation_decide"),
    path("circulations/<int:pk>/approve/", circulation.approve, name="circulation_approve"),
    path("circulations/<int:pk>/reject/", circulation.reject, name="circulation_reject"),
    path("circulations/<int:pk>/hand-out/", circulation.hand_out, name="circulation_hand_out"),
    path("circulations/<int:pk>/mark-read/", circulation.mark_read, name="circulation_mark_read"),
    path("circulations/<int:pk>/take-back/", circulation.take_back, name="circulation_take_back"),
    path("circulations/<int:pk>/cancel/", circulation.cancel, name="circulation_cancel"),
    # Loss (丢失)
    path("copies/<int:copy_pk>/report-loss/", loss.report, name="loss_report"),
    path("incidents/", loss.incidents, name="incidents"),
    path("incidents/<int:pk>/", loss.incident, name="incident"),
    path("incidents/<int:pk>/follow-up/", loss.follow_up, name="incident_follow_up"),
    path("incidents/<int:pk>/close/", loss.close, name="incident_close"),
    path("recoveries/", recovery.recoveries, name="recoveries"),
    path("recoveries/new/", recovery.new_recovery, name="recovery_new"),
    path("recoveries/<int:pk>/", recovery.recovery_detail, name="recovery_detail"),
    path("destruction/", destruction.destruction_lists, name="destruction_lists"),
    path("destruction/new/", destruction.new_destruction_list, name="destruction_new"),
    path("destruction/<int:pk>/", destruction.destruction_detail, name="destruction_detail"),
    path("destruction/<int:pk>/add/", destruction.add_copies, name="destruction_add"),
    path("destruction/<int:pk>/remove/", destruction.remove_copies, name="destruction_remove"),
    path("destruction/<int:pk>/add-device/", destruction.add_device, name="destruction_add_device"),
    path("destruction/<int:pk>/submit/", destruction.submit, name="destruction_submit"),
    path("destruction/<int:pk>/approve/", destruction.approve, name="destruction_approve"),
    path("destruction/<int:pk>/reject/", destruction.reject, name="destruction_reject"),
    path("destruction/<int:pk>/execute/", destruction.execute, name="destruction_execute"),
    path("destruction/<int:pk>/witness/", destruction.witness, name="destruction_witness"),
    path("classification/periods/", classification.periods, name="periods_ending"),
    path("documents/<int:pk>/classification/", classification.decide_view, name="classification_decide"),
]

urlpatterns += [
    path("prints/registration/", prints.print_registration, name="print_registration"),
    path("prints/copy-labels/", labels.print_copy_labels, name="print_copy_labels"),
    path("documents/<int:pk>/print-history/", prints.print_history, name="print_history"),
    path("prints/audit/", prints.print_audit, name="print_audit"),
    path("prints/verify/", prints.verify, name="print_verify"),
]

urlpatterns += [
    path("prints/procedures/", procedure_prints.print_procedures, name="print_procedures"),
    path("prints/circulations/<int:pk>/", procedure_prints.print_circulation_slip, name="print_circulation_slip"),
    path("prints/destruction/<int:pk>/", procedure_prints.print_destruction, name="print_destruction"),
]

urlpatterns += [
    # The people type-ahead: who may take a part, per step (documents/views/people_picker.py).
    path("documents/<int:pk>/people/readers/", people_picker.readers_for_document, name="people_readers"),
    path("circulations/<int:pk>/people/readers/", people_picker.readers_for_circulation, name="people_readers_edit"),
    path("documents/<int:pk>/people/borrowers/", people_picker.borrowers, name="people_borrowers"),
    path("destruction/<int:pk>/people/witnesses/", people_picker.witnesses, name="people_witnesses"),
    path("documents/register/people/scope/", people_picker.scope_at_registration, name="people_scope_new"),
    path("documents/<int:pk>/people/scope/add/", people_picker.scope_add, name="people_scope_add"),
    path("documents/<int:pk>/people/scope/remove/", people_picker.scope_remove, name="people_scope_remove"),
    path("inventories/<int:pk>/people/holders/", people_picker.holders, name="people_holders"),
    path("ledger/people/holders/", people_picker.ledger_holders, name="people_ledger_holders"),
]

urlpatterns += [
    # Bulk work (documents/views/bulk.py): several copies in one go, all or nothing.
    path("documents/<int:pk>/circulate/", bulk.propose_circulations, name="circulation_propose_several"),
    path("circulations/stack/", bulk.stack, name="circulation_stack"),
]
