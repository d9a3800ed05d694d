from django.urls import path

from documents.api import circulation, views

app_name = "api"

urlpatterns = [
    path("documents/", views.DocumentList.as_view(), name="document-list"),
    path("documents/<int:pk>/", views.DocumentDetail.as_view(), name="document-detail"),
    path("documents/<int:pk>/history/", views.DocumentHistory.as_view(), name="document-history"),
    path("documents/<int:pk>/correction/", views.CorrectDocument.as_view(), name="document-correction"),
    path("documents/<int:pk>/scope/", views.ChangeScope.as_view(), name="document-scope"),
    path("copies/", views.CopyList.as_view(), name="copy-list"),
    path("copies/<int:pk>/", views.CopyDetail.as_view(), name="copy-detail"),
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
]
