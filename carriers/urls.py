from django.urls import path

from carriers import views

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
]
