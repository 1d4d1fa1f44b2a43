from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform


class CitizensConfig(platform.PlatformAppConfig):
    """The citizens' sign-in of the public site (a platform layer beside orgs: the mechanism apps may import it)."""

    name = "changxiao.citizens"
    label = "citizens"
    verbose_name = _("Citizens")
    audit_exclude_models = {
        "SignInCode": "a one-time code, stored hashed, that lives ten minutes; the sign-in it allows is the record",
    }
    # The phone is encrypted at rest; the audit log would keep it in a second place (the masked form is audited).
    audit_exclude_fields = ("phone_encrypted", "phone_digest")
