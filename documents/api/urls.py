from django.urls import path

from documents.api import views

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
]
