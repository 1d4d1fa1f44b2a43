"""The JSON API at /api/v1/: token auth for systems, session auth for the browser, same scoping as the UI."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from .core.api_types import NulRefusingParser
from .core.apps import api_routers


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cx_…` — a unit's API token; the request runs as the unit's service account."""

    def authenticate(self, request: HttpRequest, token: str):
        from .orgs.models import ApiToken, hash_token

        api_token = (
            ApiToken.objects.usable().select_related("account").filter(key_hash=hash_token(token)).first()
        )
        if api_token is None or not api_token.account.is_active:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.account
        return api_token.account


api = NinjaAPI(
    title="Changxiao API",
    version="1",
    description="Changxiao: long-term management of a National Public Cultural Service System Demonstration Zone.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    parser=NulRefusingParser(),
)

# Every app's api.router (core.apps), in INSTALLED_APPS order.
for router in api_routers():
    api.add_router("/", router)
