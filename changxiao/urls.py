from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.views.generic import RedirectView

from .api import api
from .core import views_public
from .core.apps import public_url_patterns, staff_url_includes
from .orgs import views_account


def _admin_login(request, extra_context=None):
    """The admin signs in through the platform's own sign-in, so lock-out and two-step apply there too."""
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = _admin_login
# Error pages in the reader's language, in the public or the staff layout, JSON under /api/ (core.views).
handler400 = "changxiao.core.views.bad_request"
handler403 = "changxiao.core.views.permission_denied"
handler404 = "changxiao.core.views.page_not_found"
handler500 = "changxiao.core.views.server_error"

# The public site: pages anyone may open, without signing in — every app's public_urlpatterns (core.apps). Survey
# links are its busiest addresses (every respondent opens and posts one), so they are matched first
# (SurveysConfig.public_url_order), and the public site before the staff's pages.
public_urlpatterns = [
    *public_url_patterns(),
    path("", views_public.public_home, name="home"),
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cockpit:workbench", permanent=False), name="home"),
    path("public/", include((public_urlpatterns, "public"))),
    path("accounts/login/", views_account.SignInView.as_view(), name="login"),
    path("accounts/login/code/", views_account.sign_in_code, name="sign_in_code"),
    path("accounts/security/", views_account.account_security, name="account_security"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Every app's staff pages under the prefix its AppConfig declares (core.apps).
    *(path(prefix, include(module)) for prefix, module in staff_url_includes()),
]
