from django.urls import path

from review import api

app_name = "review-api"

urlpatterns = [
    path("classification-proposals/", api.ProposalList.as_view(), name="proposal-list"),
    path("classification-proposals/<int:pk>/", api.ProposalDetail.as_view(), name="proposal-detail"),
    path("classification-proposals/<int:pk>/pass/", api.PassReview.as_view(), name="proposal-pass"),
    path("classification-proposals/<int:pk>/send-back/", api.SendBack.as_view(), name="proposal-send-back"),
    path("classification-proposals/<int:pk>/approve/", api.Approve.as_view(), name="proposal-approve"),
    path("classification-proposals/<int:pk>/reject/", api.Reject.as_view(), name="proposal-reject"),
]
