from django.urls import path

from carriers import api as carriers
from registers.api import disclosure, education, incidents, key_parts, meetings, organisation, rules

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
    path("secrecy-group/", organisation.MembershipList.as_view(), name="membership-list"),
    path("secrecy-group/<int:pk>/", organisation.MembershipDetail.as_view(), name="membership-detail"),
    path("responsibility-letters/", organisation.LetterList.as_view(), name="letter-list"),
    path("responsibility-letters/<int:pk>/", organisation.LetterDetail.as_view(), name="letter-detail"),
    path("work-plans/", organisation.PlanList.as_view(), name="plan-list"),
    path("work-plans/<int:pk>/", organisation.PlanDetail.as_view(), name="plan-detail"),
    path("education/", education.EventList.as_view(), name="education-event-list"),
    path("education/<int:pk>/", education.EventDetail.as_view(), name="education-event-detail"),
    path("device-checks/", carriers.PeriodicCheckList.as_view(), name="device-check-list"),
    path("device-checks/<int:pk>/", carriers.PeriodicCheckDetail.as_view(), name="device-check-detail"),
    path("medium-loans/", carriers.MediumLoanList.as_view(), name="medium-loan-list"),
    path("medium-loans/<int:pk>/", carriers.MediumLoanDetail.as_view(), name="medium-loan-detail"),
    path("non-classified-computers/", carriers.OpenComputerList.as_view(), name="open-computer-list"),
    path("non-classified-computers/<int:pk>/", carriers.OpenComputerDetail.as_view(), name="open-computer-detail"),
]
