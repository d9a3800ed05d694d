from django.urls import path

from carriers import open_computer_views, views, work_views

app_name = "carriers"

urlpatterns = [
    path("", views.device_list, name="list"),
    path("register/<int:unit_pk>/print/", views.print_register, name="print_register"),
    path("<int:pk>/", views.device_detail, name="detail"),
    path("<int:pk>/custodian/", views.change_custodian, name="custodian"),
    path("people/custodians/", views.custodians_at_registration, name="people_custodians_new"),
    path("<int:pk>/people/custodians/", views.custodians, name="people_custodians"),
    path("<int:pk>/repair/", views.send_for_repair, name="repair"),
    path("<int:pk>/repaired/", views.back_from_repair, name="repaired"),
    path("<int:pk>/load/", views.load_copy, name="load"),
    path("<int:pk>/scrap/", views.scrap, name="scrap"),
    path("<int:pk>/check/", work_views.record_check, name="record_check"),
    path("<int:pk>/lend/", work_views.lend, name="lend"),
    path("<int:pk>/return/", work_views.take_back, name="take_back"),
    path("carried/<int:pk>/erase/", work_views.erase, name="erase"),
    path("checks/", work_views.check_list, name="checks"),
    path("checks/register/<int:unit_pk>/print/", work_views.print_checks, name="print_checks"),
    path("loans/", work_views.loan_list, name="loans"),
    path("loans/register/<int:unit_pk>/print/", work_views.print_loans, name="print_loans"),
    path("non-classified/", open_computer_views.computer_list, name="open_computers"),
    path("non-classified/people/", open_computer_views.people_new, name="open_people_new"),
    path("non-classified/<int:pk>/", open_computer_views.computer_detail, name="open_computer"),
    path("non-classified/<int:pk>/people/", open_computer_views.people, name="open_people"),
    path("non-classified/<int:pk>/withdraw/", open_computer_views.withdraw, name="withdraw_open_computer"),
    path("non-classified/register/<int:unit_pk>/print/", open_computer_views.print_computers,
         name="print_open_computers"),
]
