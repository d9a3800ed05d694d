from django.urls import path

from review import views

app_name = "review"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.new_proposal, name="new"),
    path("people/scope/", views.people_scope, name="people_scope"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/revise/", views.revise, name="revise"),
    path("<int:pk>/pass/", views.pass_review, name="pass"),
    path("<int:pk>/send-back/", views.send_back, name="send_back"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/reject/", views.reject, name="reject"),
]
