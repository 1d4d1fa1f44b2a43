from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CockpitConfig(AppConfig):
    name = "changxiao.cockpit"
    label = "cockpit"
    verbose_name = _("Workbench and cockpit")

    def ready(self) -> None:
        from . import navigation  # noqa: F401
