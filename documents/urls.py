from django.urls import path

from documents.views import documents, home, ledger, prints

app_name = "documents"

urlpatterns = [
    path("ledger/", ledger.ledger, name="ledger"),
    path("documents/register/", documents.register, name="register"),
    path("documents/<int:pk>/", documents.detail, name="detail"),
    path("documents/<int:pk>/edit/", documents.edit, name="edit"),
    path("documents/<int:pk>/scope/", documents.edit_scope, name="scope"),
]

urlpatterns += [
    path("prints/registration/", prints.print_registration, name="print_registration"),
    path("documents/<int:pk>/print-history/", prints.print_history, name="print_history"),
    path("prints/audit/", prints.print_audit, name="print_audit"),
    path("prints/verify/", prints.verify, name="print_verify"),
    path("prints/jobs/<int:pk>/", prints.print_job, name="print_job"),
    path("prints/jobs/<int:pk>/download/", prints.download_print, name="print_download"),
]
