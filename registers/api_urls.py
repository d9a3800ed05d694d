from django.urls import path

from registers.api import education, key_parts, rules

app_name = "registers-api"

urlpatterns = [
    path("rules/", rules.RuleList.as_view(), name="rule-list"),
    path("rules/<int:pk>/", rules.RuleDetail.as_view(), name="rule-detail"),
    path("key-parts/", key_parts.KeyPartList.as_view(), name="key-part-list"),
    path("key-parts/<int:pk>/", key_parts.KeyPartDetail.as_view(), name="key-part-detail"),
    path("education/", education.EventList.as_view(), name="education-event-list"),
    path("education/<int:pk>/", education.EventDetail.as_view(), name="education-event-detail"),
]
