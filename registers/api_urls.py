from django.urls import path

from registers.api import disclosure, incidents, key_parts, meetings, rules

app_name = "registers-api"

urlpatterns = [
    path("rules/", rules.RuleList.as_view(), name="rule-list"),
    path("rules/<int:pk>/", rules.RuleDetail.as_view(), name="rule-detail"),
    path("key-parts/", key_parts.KeyPartList.as_view(), name="key-part-list"),
    path("key-parts/<int:pk>/", key_parts.KeyPartDetail.as_view(), name="key-part-detail"),
    path("meetings/", meetings.MeetingList.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/", meetings.MeetingDetail.as_view(), name="meeting-detail"),
    path("incidents/", incidents.IncidentList.as_view(), name="incident-list"),
    path("incidents/<int:pk>/", incidents.IncidentDetail.as_view(), name="incident-detail"),
    path("disclosure/", disclosure.PublicationList.as_view(), name="publication-list"),
    path("disclosure/<int:pk>/", disclosure.PublicationDetail.as_view(), name="publication-detail"),
    path("given-outside/", disclosure.ProvisionList.as_view(), name="provision-list"),
    path("given-outside/<int:pk>/", disclosure.ProvisionDetail.as_view(), name="provision-detail"),
]
