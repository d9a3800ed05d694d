from django.urls import path

from registers.views import key_parts, office, organisation, rules

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
]
