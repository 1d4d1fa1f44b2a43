from django.utils.translation import gettext_lazy as _

from changxiao.core import apps as platform


class OrgsConfig(platform.PlatformAppConfig):
    name = "changxiao.orgs"
    label = "orgs"
    verbose_name = _("Organization")
    url_prefix = "orgs/"
    # A password hash, the two-step secret and sign-in times are no change anyone should read back in the log.
    audit_exclude_fields = ("password", "last_login", "totp_secret")
