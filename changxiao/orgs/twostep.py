"""Two-step sign-in (TOTP, RFC 6238): any authenticator app (微信小程序, 阿里云/腾讯身份宝, Google Authenticator …)."""

import pyotp
import segno
from django.conf import settings

from changxiao.core.context_processors import site_short_name


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=site_short_name())


def qr_data_uri(uri: str) -> str:
    """The QR code as an SVG data URI (allowed by the CSP's img-src, no script needed)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, dark="#1f2328", light="#ffffff")


def code_is_valid(secret: str, code: str) -> bool:
    code = (code or "").strip().replace(" ", "")
    if not secret or len(code) != 6 or not code.isdecimal():
        return False
    # One step of clock drift either way, as most authenticator apps need.
    return pyotp.TOTP(secret).verify(code, valid_window=1)


def required_for(user) -> bool:
    """Whether policy requires two-step sign-in of this person (TWO_STEP_REQUIRED_ROLES)."""
    from .scope import get_scope

    required = set(settings.TWO_STEP_REQUIRED_ROLES)
    if not required:
        return False
    if user.is_superuser and "admin" in required:
        return True
    return bool(get_scope(user).roles & required)
