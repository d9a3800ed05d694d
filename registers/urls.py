from django.urls import path

from registers.views import incidents, key_parts, office, rules

app_name = "registers"

urlpatterns = [
    path("", office.office, name="office"),
    path("rules/", rules.rule_list, name="rules"),
    path("rules/<int:pk>/", rules.rule_detail, name="rule"),
    path("rules/<int:pk>/withdraw/", rules.withdraw, name="withdraw_rule"),
    path("rules/register/<int:unit_pk>/print/", rules.print_rules, name="print_rules"),
    path("key-parts/", key_parts.part_list, name="key_parts"),
    path("key-parts/people/", key_parts.people_new, name="key_part_people_new"),
    path("key-parts/<int:pk>/", key_parts.part_detail, name="key_part"),
    path("key-parts/<int:pk>/people/", key_parts.people, name="key_part_people"),
    path("key-parts/<int:pk>/check/", key_parts.record_check, name="record_key_part_check"),
    path("key-parts/<int:pk>/withdraw/", key_parts.withdraw, name="withdraw_key_part"),
    path("key-parts/register/<int:unit_pk>/print/", key_parts.print_parts, name="print_key_parts"),
]

urlpatterns += [
    path("incidents/", incidents.incident_list, name="incidents"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident"),
    path("incidents/<int:pk>/bureau/", incidents.report_to_bureau, name="report_incident_to_bureau"),
    path("incidents/<int:pk>/result/", incidents.record_result, name="record_incident_result"),
    path("incidents/<int:pk>/follow-up/", incidents.follow_up, name="incident_follow_up"),
    path("incidents/<int:pk>/close/", incidents.close, name="close_incident"),
    path("incidents/register/<int:unit_pk>/print/", incidents.print_incidents, name="print_incidents"),
]
