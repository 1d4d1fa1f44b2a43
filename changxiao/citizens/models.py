"""A citizen of the public site, known by a mobile number and signed in by a one-time code sent to it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Citizen(models.Model):
    """市民 (公众用户): a person of the public site, identified by a mobile number. Not a staff account: a citizen
    has no django User, no role and no access to the staff's pages."""

    phone_encrypted = models.CharField(_("phone (encrypted)"), max_length=500)
    phone_masked = models.CharField(_("phone"), max_length=20)
    phone_digest = models.CharField(_("phone digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    last_signed_in_at = models.DateTimeField(_("last signed in at"), null=True, blank=True)
    is_active = models.BooleanField(_("may sign in"), default=True)

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.phone_masked


class SignInCode(models.Model):
    """短信验证码: a one-time code sent to a mobile number, stored as a keyed hash, valid for minutes and for a
    few attempts; a newer code replaces it."""

    phone_digest = models.CharField(_("phone digest"), max_length=64, db_index=True)
    code_hash = models.CharField(_("code hash"), max_length=64)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"
