from django.urls import path

from registers import api

app_name = "registers-api"

urlpatterns = [
    path("rules/", api.RuleList.as_view(), name="rule-list"),
    path("rules/<int:pk>/", api.RuleDetail.as_view(), name="rule-detail"),
]
