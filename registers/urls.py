from django.urls import path

from registers.views import disclosure, education, incidents, key_parts, meetings, office, organisation, rules

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
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/people/", meetings.people_new, name="meeting_people_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/people/", meetings.people, name="meeting_people"),
    path("meetings/<int:pk>/materials/", meetings.prepare_materials, name="prepare_meeting_materials"),
    path("meetings/<int:pk>/materials/approve/", meetings.approve_materials, name="approve_meeting_materials"),
    path("meetings/<int:pk>/materials/hand-out/", meetings.hand_out_materials, name="hand_out_meeting_materials"),
    path("meetings/<int:pk>/materials/take-back/", meetings.take_back_materials, name="take_back_meeting_materials"),
    path("meetings/<int:pk>/withdraw/", meetings.withdraw, name="withdraw_meeting"),
    path("meetings/register/<int:unit_pk>/print/", meetings.print_meetings, name="print_meetings"),
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

urlpatterns += [
    path("disclosure/", disclosure.publication_list, name="publications"),
    path("disclosure/<int:pk>/", disclosure.publication_detail, name="publication"),
    path("disclosure/<int:pk>/decision/", disclosure.record_decision, name="record_publication_decision"),
    path("disclosure/<int:pk>/release/", disclosure.record_release, name="record_publication_release"),
    path("disclosure/<int:pk>/withdraw/", disclosure.withdraw_publication, name="withdraw_publication"),
    path("disclosure/register/<int:unit_pk>/print/", disclosure.print_publications, name="print_publications"),
    path("disclosure/people/<slug:who>/", disclosure.people, name="disclosure_people"),
    path("given-outside/", disclosure.provision_list, name="provisions"),
    path("given-outside/<int:pk>/", disclosure.provision_detail, name="provision"),
    path("given-outside/<int:pk>/withdraw/", disclosure.withdraw_provision, name="withdraw_provision"),
    path("given-outside/register/<int:unit_pk>/print/", disclosure.print_provisions, name="print_provisions"),
    path("organisation/", organisation.group, name="organisation"),
    path("organisation/people/", organisation.people, name="organisation_people"),
    path("organisation/members/<int:pk>/", organisation.membership_detail, name="membership"),
    path("organisation/letters/", organisation.letter_list, name="letters"),
    path("organisation/letters/<int:pk>/", organisation.letter_detail, name="letter"),
    path("organisation/letters/<int:pk>/withdraw/", organisation.withdraw_letter, name="withdraw_letter"),
    path("organisation/plans/", organisation.plan_list, name="plans"),
    path("organisation/plans/<int:pk>/", organisation.plan_detail, name="plan"),
    path("organisation/plans/<int:pk>/tasks/", organisation.add_task, name="add_plan_task"),
    path("organisation/plans/<int:pk>/withdraw/", organisation.withdraw_plan, name="withdraw_plan"),
    path("organisation/tasks/<int:pk>/done/", organisation.record_done, name="record_task_done"),
    path("organisation/register/<int:unit_pk>/print/", organisation.print_register, name="print_organisation"),
    path("education/", education.event_list, name="education"),
    path("education/<int:pk>/", education.event_detail, name="education_event"),
    path("education/<int:pk>/people/", education.people, name="education_event_people"),
    path("education/<int:pk>/attendance/", education.take_attendance, name="take_attendance"),
    path("education/<int:pk>/withdraw/", education.withdraw, name="withdraw_education_event"),
    path("education/register/<int:unit_pk>/print/", education.print_events, name="print_education"),
]
