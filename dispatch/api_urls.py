from django.urls import path

from dispatch import api

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
]
