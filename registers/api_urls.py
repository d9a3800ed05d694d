from django.urls import path

from registers.api import disclosure, key_parts, rules

app_name = "registers-api"

urlpatterns = [
    path("rules/", rules.RuleList.as_view(), name="rule-list"),
    path("rules/<int:pk>/", rules.RuleDetail.as_view(), name="rule-detail"),
    path("key-parts/", key_parts.KeyPartList.as_view(), name="key-part-list"),
    path("key-parts/<int:pk>/", key_parts.KeyPartDetail.as_view(), name="key-part-detail"),
    path("disclosure/", disclosure.PublicationList.as_view(), name="publication-list"),
    path("disclosure/<int:pk>/", disclosure.PublicationDetail.as_view(), name="publication-detail"),
    path("given-outside/", disclosure.ProvisionList.as_view(), name="provision-list"),
    path("given-outside/<int:pk>/", disclosure.ProvisionDetail.as_view(), name="provision-detail"),
]
