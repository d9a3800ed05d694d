from django.urls import path

from registers.views import education, key_parts, office, rules

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
    path("education/", education.event_list, name="education"),
    path("education/<int:pk>/", education.event_detail, name="education_event"),
    path("education/<int:pk>/people/", education.people, name="education_event_people"),
    path("education/<int:pk>/attendance/", education.take_attendance, name="take_attendance"),
    path("education/<int:pk>/withdraw/", education.withdraw, name="withdraw_education_event"),
    path("education/register/<int:unit_pk>/print/", education.print_events, name="print_education"),
]
