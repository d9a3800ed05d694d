from django.urls import path

from dispatch import views

app_name = "dispatch"

urlpatterns = [
    path("documents/<int:document_id>/new/", views.new_dispatch, name="new"),
    path("<int:pk>/", views.dispatch_detail, name="detail"),
    path("<int:pk>/print/", views.print_dispatch, name="print"),
    path("recipients/<int:pk>/receipt/", views.record_receipt, name="record_receipt"),
    path("incoming/", views.incoming, name="incoming"),
    path("incoming/<int:pk>/receive/", views.Receive.as_view(), name="receive"),
    path("incoming/<int:pk>/not-received/", views.not_received, name="not_received"),
]
