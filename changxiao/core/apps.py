"""How an app of the platform is wired: by being in INSTALLED_APPS, and nowhere else.

Every app of the platform has a `PlatformAppConfig`: its `ready()` imports the registry modules the app has (menu,
to-dos, sweep steps, metrics, exports, imports) and registers its models with the audit log; the root URLconf mounts
its `urls.py` (staff `urlpatterns` under `url_prefix`, `public_urlpatterns` on the public site) and the API adds its
`api.router` — each found from the configs by the functions at the end of this module. A mechanism app of the seed
document (targets, supervision, feedback …) uses `MechanismAppConfig`, whose shape `tests/test_app_shape.py` checks;
core, orgs and the cockpit are the platform around the mechanisms and use `PlatformAppConfig` only.
"""

from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

# Modules whose import registers something with a registry of core. The demo is not among them: `load_demo`
# discovers each app's demo.py itself (core.demo.discover_loaders), so serving processes never load the demo data.
REGISTRY_MODULES = (
    "navigation",
    "workbench",
    "sweep_steps",
    "metrics",
    "exports",
    "imports",
    "demands",
    # The cockpit's seams (core.attention, core.metric_targets, core.annual_report).
    "attention",
    "metric_targets",
    "annual_report",
)


class PlatformAppConfig(AppConfig):
    """An app of the platform, wired from INSTALLED_APPS alone."""

    # Django picks the one AppConfig of an app's apps.py that is not `default = False`; the base imported there
    # must not count, and every concrete config is the default one without saying so (see __init_subclass__).
    default = False
    # A mechanism of the seed document (see MechanismAppConfig); the shape test walks these.
    mechanism = False
    # Where the app's staff URLs (urls.py: urlpatterns, app_name) are mounted, e.g. "targets/"; None: it has none.
    url_prefix: str | None = None
    # The public site matches the apps' public_urlpatterns in this order (then INSTALLED_APPS order).
    public_url_order = 100
    # Registry modules beyond REGISTRY_MODULES (core's to-dos live in workbench_providers.py).
    extra_registry_modules: tuple[str, ...] = ()
    # Models left out of the audit log, by model name, each with the reason (the shape test requires one).
    audit_exclude_models: dict[str, str] = {}
    # Fields never written to the audit log (secrets, encrypted personal data), wherever a model of the app has them.
    audit_exclude_fields: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    def ready(self) -> None:
        for name in (*REGISTRY_MODULES, *self.extra_registry_modules):
            if module_has_submodule(self.module, name):
                import_module(f"{self.name}.{name}")
        self.register_audited_models()

    def register_audited_models(self) -> None:
        from auditlog.registry import auditlog

        for model in self.audited_models():
            names = {field.name for field in model._meta.get_fields()}
            excluded = [name for name in self.audit_exclude_fields if name in names]
            if not auditlog.contains(model):
                auditlog.register(model, exclude_fields=excluded)

    def audited_models(self) -> list:
        return [model for model in self.get_models() if model.__name__ not in self.audit_exclude_models]


class MechanismAppConfig(PlatformAppConfig):
    """A mechanism of the long-term management (docs/architecture.md, section 3: the shape of an app)."""

    default = False
    mechanism = True
    # Whether the app has periodic work (sweep_steps.py) and publishes figures (metrics.py): the shape test then
    # requires the module and that it registers something.
    has_sweep_steps = False
    has_metrics = False


def platform_configs() -> list[PlatformAppConfig]:
    """The platform's apps, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, PlatformAppConfig)]


def mechanism_configs() -> list[MechanismAppConfig]:
    return [config for config in platform_configs() if config.mechanism]


def _submodule(config: AppConfig, name: str):
    return import_module(f"{config.name}.{name}") if module_has_submodule(config.module, name) else None


def staff_url_includes() -> list[tuple[str, str]]:
    """(prefix, URLconf module) of every app with staff URLs, in INSTALLED_APPS order."""
    return [
        (config.url_prefix, f"{config.name}.urls")
        for config in platform_configs()
        if config.url_prefix is not None
    ]


def public_url_patterns() -> list:
    """Every app's public_urlpatterns, by public_url_order."""
    ordered = sorted(enumerate(platform_configs()), key=lambda pair: (pair[1].public_url_order, pair[0]))
    patterns = []
    for _position, config in ordered:
        module = _submodule(config, "urls")
        patterns.extend(getattr(module, "public_urlpatterns", []))
    return patterns


def api_routers() -> list:
    """Every app's api.router, in INSTALLED_APPS order."""
    return [
        module.router for module in (_submodule(config, "api") for config in platform_configs()) if module
    ]


class CoreConfig(PlatformAppConfig):
    name = "changxiao.core"
    label = "core"
    verbose_name = _("Core")
    url_prefix = ""
    extra_registry_modules = ("workbench_providers",)
    audit_exclude_models = {
        "TimelineEvent": "the timeline is itself the record of who did what; it is only ever appended to",
        "Notification": "a message sent to a person, written by the steps already audited; read marks are noise",
        "ExportJob": "a file a person asked for and its progress, purged after EXPORT_RETENTION_DAYS",
        "ReminderLog": "the exactly-once guard of reminders, written by the sweep with the reminder itself",
        "SiteFlag": "a mark set by load_demo on a demonstration site",
    }
