from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from documents.api.views import NoSuchEndpoint
from documents.views.home import home
from secrecy_registry.favicon import favicon
from secrecy_registry.health import healthz

urlpatterns = [
    path("", home, name="home"),
    path("favicon.ico", favicon, name="favicon"),
    path("healthz", healthz, name="healthz"),
    path("", include("documents.urls")),
    path("", include("printing.urls")),
    path("archives/", include("archives.urls")),
    path("people/", include("people.urls")),
    path("audit/", include("audit.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("self-inspections/", include("inspections.urls")),
    path("devices/", include("carriers.urls")),
    path("dispatch/", include("dispatch.urls")),
    path("office/", include("registers.urls")),
    path("accounts/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/v1/", include("documents.api.urls")),
    path("api/v1/", include("dispatch.api_urls")),
    path("api/v1/", include("registers.api_urls")),
    path("classification-review/", include("review.urls")),
    path("api/v1/", include("review.api_urls")),
    path("api/v1/", include("notifications.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        require_safe(
            login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"))
        ),
        name="api-docs",
    ),
    # Ends with a slash so that CommonMiddleware still adds a forgotten one.
    re_path(r"^api/(?:.*/)?$", NoSuchEndpoint.as_view()),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
