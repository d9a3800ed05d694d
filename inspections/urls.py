from django.urls import path

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.self_inspection_list, name="list"),
    path("<int:pk>/", views.self_inspection_detail, name="detail"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/device-checks/", views.record_device_check, name="device_check"),
    path("<int:pk>/people/owners/", views.owners, name="people_owners"),
    path("rectifications/<int:pk>/assign/", views.assign_rectification, name="assign_rectification"),
    path("rectifications/<int:pk>/close/", views.close_rectification, name="close_rectification"),
    path("summary/", views.annual_summary_page, name="summary"),
    path("summary/print/", views.print_summary, name="print_summary"),
    path("summary/marking/", views.choose_marking, name="choose_marking"),
    path("summary/rows/<slug:key>/", views.summary_rows, name="summary_rows"),
]
