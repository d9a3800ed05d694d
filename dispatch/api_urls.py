from django.urls import path

from dispatch import api, recall_api

app_name = "dispatch-api"

urlpatterns = [
    path("documents/<int:pk>/dispatches/", api.DispatchCopies.as_view(), name="document-dispatch"),
    path("dispatches/<int:pk>/", api.DispatchDetail.as_view(), name="dispatch-detail"),
    path("dispatch-recipients/<int:pk>/returned-receipt/", api.RecordReturnedReceipt.as_view(),
         name="recipient-returned-receipt"),
    path("incoming/", api.IncomingList.as_view(), name="incoming-list"),
    path("incoming/receive-by-code/", api.ReceiveByCode.as_view(), name="incoming-receive-code"),
    path("incoming/<int:pk>/", api.IncomingDetail.as_view(), name="incoming-detail"),
    path("incoming/<int:pk>/receive/", api.ReceiveCopy.as_view(), name="incoming-receive"),
    path("incoming/<int:pk>/not-received/", api.ReportNotReceived.as_view(), name="incoming-not-received"),
    path("documents/<int:pk>/recalls/", recall_api.RecallCopies.as_view(), name="document-recall"),
    path("recalls/<int:pk>/", recall_api.RecallDetail.as_view(), name="recall-detail"),
    path("recall-items/", recall_api.RecallItemList.as_view(), name="recall-item-list"),
    path("recall-items/<int:pk>/", recall_api.RecallItemDetail.as_view(), name="recall-item-detail"),
    path("recall-items/<int:pk>/hand-back/", recall_api.HandBack.as_view(), name="recall-item-hand-back"),
    path("recall-items/<int:pk>/confirm/", recall_api.ConfirmReturn.as_view(), name="recall-item-confirm"),
    path("recall-items/<int:pk>/organ-returned/", recall_api.RecordOrganReturn.as_view(), name="recall-item-organ-returned"),
]
