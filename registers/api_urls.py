from django.urls import path

from carriers import api as carriers
from registers.api import key_parts, rules

app_name = "registers-api"

urlpatterns = [
    path("rules/", rules.RuleList.as_view(), name="rule-list"),
    path("rules/<int:pk>/", rules.RuleDetail.as_view(), name="rule-detail"),
    path("key-parts/", key_parts.KeyPartList.as_view(), name="key-part-list"),
    path("key-parts/<int:pk>/", key_parts.KeyPartDetail.as_view(), name="key-part-detail"),
    path("device-checks/", carriers.PeriodicCheckList.as_view(), name="device-check-list"),
    path("device-checks/<int:pk>/", carriers.PeriodicCheckDetail.as_view(), name="device-check-detail"),
    path("medium-loans/", carriers.MediumLoanList.as_view(), name="medium-loan-list"),
    path("medium-loans/<int:pk>/", carriers.MediumLoanDetail.as_view(), name="medium-loan-detail"),
    path("non-classified-computers/", carriers.OpenComputerList.as_view(), name="open-computer-list"),
    path("non-classified-computers/<int:pk>/", carriers.OpenComputerDetail.as_view(), name="open-computer-detail"),
]
