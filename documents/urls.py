from django.urls import path

from documents.views import documents, home, inventory, ledger

app_name = "documents"

urlpatterns = [
    path("ledger/", ledger.ledger, name="ledger"),
    path("documents/register/", documents.register, name="register"),
    path("documents/<int:pk>/", documents.detail, name="detail"),
    path("documents/<int:pk>/edit/", documents.edit, name="edit"),
    path("documents/<int:pk>/scope/", documents.edit_scope, name="scope"),
    path("inventories/", inventory.inventory_list, name="inventories"),
    path("inventories/<int:pk>/", inventory.inventory_detail, name="inventory"),
    path("inventories/<int:pk>/items/<int:item_pk>/", inventory.record_problem, name="inventory_problem"),
    path("inventories/<int:pk>/close/", inventory.close, name="inventory_close"),
    path("inventories/<int:pk>/sign-off/", inventory.sign_off, name="inventory_sign_off"),
]
