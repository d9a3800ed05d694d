from django.urls import path

from registers import views

app_name = "registers"

urlpatterns = [
    path("", views.office, name="office"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<int:pk>/", views.rule_detail, name="rule"),
    path("rules/<int:pk>/withdraw/", views.withdraw, name="withdraw_rule"),
    path("rules/register/<int:unit_pk>/print/", views.print_rules, name="print_rules"),
]
