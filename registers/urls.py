from django.urls import path

from registers.views import disclosure, key_parts, office, rules

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
]
