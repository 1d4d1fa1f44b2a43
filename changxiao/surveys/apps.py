from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "changxiao.surveys"
    label = "surveys"
    verbose_name = _("Public evaluation")

    def ready(self) -> None:
        from . import exports, metrics, navigation, tallies  # noqa: F401  (registries)
