from django.urls import path

from dispatch import recall_views, views

app_name = "dispatch"

urlpatterns = [
    path("documents/<int:document_id>/new/", views.new_dispatch, name="new"),
    path("<int:pk>/", views.dispatch_detail, name="detail"),
    path("<int:pk>/print/", views.print_dispatch, name="print"),
    path("recipients/<int:pk>/receipt/", views.record_receipt, name="record_receipt"),
    path("incoming/", views.incoming, name="incoming"),
    path("incoming/<int:pk>/receive/", views.Receive.as_view(), name="receive"),
    path("incoming/<int:pk>/not-received/", views.not_received, name="not_received"),
    # Recall (清退 from recipients)
    path("documents/<int:document_id>/recall/", recall_views.new_recall, name="new_recall"),
    path("recalls/<int:pk>/", recall_views.recall_detail, name="recall"),
    path("recalled/", recall_views.recalled, name="recalled"),
    path("recall-items/<int:pk>/hand-back/", recall_views.hand_back, name="hand_back"),
    path("recall-items/<int:pk>/confirm/", recall_views.ConfirmReturn.as_view(), name="confirm_return"),
    path("recall-items/<int:pk>/organ-returned/", recall_views.RecordOrganReturn.as_view(), name="organ_returned"),
]
