from django.urls import path

from accounts import token_views, views

app_name = "accounts"

urlpatterns = [
    path("two-factor/", views.verify, name="two_factor_verify"),
    path("two-factor/enrol/", views.enrol, name="two_factor_enrol"),
    path("two-factor/enrol/qr.svg", views.enrolment_qr, name="two_factor_qr"),
    path("tokens/", token_views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", token_views.revoke, name="revoke_token"),
]
