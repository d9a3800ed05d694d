from django.urls import path

from documents.views import circulation, documents, home, ledger, loss

app_name = "documents"

urlpatterns = [
    path("ledger/", ledger.ledger, name="ledger"),
    path("documents/register/", documents.register, name="register"),
    path("documents/<int:pk>/", documents.detail, name="detail"),
    path("documents/<int:pk>/edit/", documents.edit, name="edit"),
    path("documents/<int:pk>/scope/", documents.edit_scope, name="scope"),
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
]
