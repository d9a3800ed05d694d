from django.urls import path

from registers import api

app_name = "registers-api"

urlpatterns = [
    path("rules/", api.RuleList.as_view(), name="rule-list"),
    path("rules/<int:pk>/", api.RuleDetail.as_view(), name="rule-detail"),
    path("key-parts/", api.KeyPartList.as_view(), name="key-part-list"),
    path("key-parts/<int:pk>/", api.KeyPartDetail.as_view(), name="key-part-detail"),
]
