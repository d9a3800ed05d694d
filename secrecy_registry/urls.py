from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from documents.views.home import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("documents.urls")),
    path("archives/", include("archives.urls")),
    path("people/", include("people.urls")),
    path("audit/", include("audit.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("self-inspections/", include("inspections.urls")),
    path("devices/", include("carriers.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
