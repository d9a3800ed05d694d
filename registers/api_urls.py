from django.urls import path

from registers.api import key_parts, organisation, rules

app_name = "registers-api"

urlpatterns = [
    path("rules/", rules.RuleList.as_view(), name="rule-list"),
    path("rules/<int:pk>/", rules.RuleDetail.as_view(), name="rule-detail"),
    path("key-parts/", key_parts.KeyPartList.as_view(), name="key-part-list"),
    path("key-parts/<int:pk>/", key_parts.KeyPartDetail.as_view(), name="key-part-detail"),
    path("secrecy-group/", organisation.MembershipList.as_view(), name="membership-list"),
    path("secrecy-group/<int:pk>/", organisation.MembershipDetail.as_view(), name="membership-detail"),
    path("responsibility-letters/", organisation.LetterList.as_view(), name="letter-list"),
    path("responsibility-letters/<int:pk>/", organisation.LetterDetail.as_view(), name="letter-detail"),
    path("work-plans/", organisation.PlanList.as_view(), name="plan-list"),
    path("work-plans/<int:pk>/", organisation.PlanDetail.as_view(), name="plan-detail"),
]
