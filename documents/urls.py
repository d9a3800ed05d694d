from django.urls import path

from documents.views import classification, destruction, documents, home, ledger, recovery

app_name = "documents"

urlpatterns = [
    path("ledger/", ledger.ledger, name="ledger"),
    path("documents/register/", documents.register, name="register"),
    path("documents/<int:pk>/", documents.detail, name="detail"),
    path("documents/<int:pk>/edit/", documents.edit, name="edit"),
    path("documents/<int:pk>/scope/", documents.edit_scope, name="scope"),
    path("recoveries/", recovery.recoveries, name="recoveries"),
    path("recoveries/new/", recovery.new_recovery, name="recovery_new"),
    path("recoveries/<int:pk>/", recovery.recovery_detail, name="recovery_detail"),
    path("destruction/", destruction.destruction_lists, name="destruction_lists"),
    path("destruction/new/", destruction.new_destruction_list, name="destruction_new"),
    path("destruction/<int:pk>/", destruction.destruction_detail, name="destruction_detail"),
    path("destruction/<int:pk>/add/", destruction.add_copies, name="destruction_add"),
    path("destruction/<int:pk>/remove/", destruction.remove_copies, name="destruction_remove"),
    path("destruction/<int:pk>/submit/", destruction.submit, name="destruction_submit"),
    path("destruction/<int:pk>/approve/", destruction.approve, name="destruction_approve"),
    path("destruction/<int:pk>/reject/", destruction.reject, name="destruction_reject"),
    path("destruction/<int:pk>/execute/", destruction.execute, name="destruction_execute"),
    path("classification/periods/", classification.periods, name="periods_ending"),
    path("documents/<int:pk>/classification/", classification.decide_view, name="classification_decide"),
]
