"""Every mechanism app has the same shape (docs/architecture.md, section 3) and is wired by INSTALLED_APPS alone.

The test walks the mechanism apps of INSTALLED_APPS (those whose AppConfig is a core.apps.MechanismAppConfig; core,
orgs and the cockpit are the platform around them) and checks, for each: the modules of the shape exist and the
registry modules register something of the app; every model is audited (or left out with a reason on the config)
and in the admin; its URLs, public URLs and API operations are in its own tests/matrix.py; objects are fetched only
through the access helpers of permissions.py; its exports read no views.
"""

import ast
import importlib
import inspect
from pathlib import Path

import pytest
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, reverse
from django.utils.module_loading import module_has_submodule
from ninja import Router

from changxiao.core import demo, metrics, navigation, sweep, workbench
from changxiao.core.apps import MechanismAppConfig, PlatformAppConfig, mechanism_configs, platform_configs

MECHANISMS = mechanism_configs()
# The modules every mechanism app has, whatever it does.
SHAPE = (
    "models",
    "permissions",
    "services",
    "views",
    "urls",
    "api",
    "navigation",
    "workbench",
    "demo",
    "admin",
)


def _ids(config) -> str:
    return config.label


def _own(module_name: str, config) -> bool:
    return module_name == config.name or module_name.startswith(f"{config.name}.")


def _sources(config) -> list[Path]:
    """The app's Python modules, but its tests and migrations."""
    root = Path(config.path)
    return [
        path
        for path in sorted(root.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(root).parts[:-1])
    ]


def test_the_platform_apps_are_wired_from_installed_apps():
    """Every app of the project has a platform config (a config Django did not pick would leave the app unwired);
    the platform around the mechanisms is not a mechanism."""
    ours = [config for config in apps.get_app_configs() if config.name.startswith("changxiao.")]
    assert ours == platform_configs()
    assert all(isinstance(config, PlatformAppConfig) for config in ours)
    assert {config.label for config in ours if not config.mechanism} == {
        "core",
        "orgs",
        "citizens",
        "cockpit",
    }
    assert {config.label for config in MECHANISMS} >= {
        "targets",
        "supervision",
        "feedback",
        "assessment",
        "surveys",
    }


@pytest.mark.parametrize("config", MECHANISMS, ids=_ids)
def test_the_modules_of_the_shape_exist(config: MechanismAppConfig):
    missing = [name for name in SHAPE if not module_has_submodule(config.module, name)]
    assert not missing, f"{config.label} lacks {missing} (docs/architecture.md, section 3)"
    matrix = importlib.import_module(f"{config.name}.tests.matrix")
    assert matrix.CASES, f"{config.label}/tests/matrix.py lists no case"


@pytest.mark.parametrize("config", MECHANISMS, ids=_ids)
def test_urls_and_api_are_mounted_from_the_config(config: MechanismAppConfig):
    urls = importlib.import_module(f"{config.name}.urls")
    assert urls.app_name == config.label
    assert config.url_prefix, f"{config.label}: declare url_prefix on its AppConfig"
    first = next(p for p in urls.urlpatterns if isinstance(p, URLPattern))
    assert reverse(f"{config.label}:{first.name}", args=[1] * len(first.pattern.converters)).startswith(
        f"/{config.url_prefix}"
    )
    router = importlib.import_module(f"{config.name}.api").router
    assert isinstance(router, Router)
    from changxiao.api import api

    assert router in [mounted for _prefix, mounted in api._routers]


@pytest.mark.parametrize("config", MECHANISMS, ids=_ids)
def test_the_registry_modules_register_the_apps_parts(config: MechanismAppConfig):
    namespace = f"{config.label}:"
    public_views = {
        pattern.callback
        for pattern in getattr(importlib.import_module(f"{config.name}.urls"), "public_urlpatterns", [])
        if isinstance(pattern, URLPattern)
    }
    menu = [item.url_name for section in navigation._SECTIONS.values() for item in section.items] + [
        entry.url_name
        for entry in navigation._PUBLIC_ENTRIES.values()
        if entry.url_name.startswith("public:")
    ]
    from django.urls import resolve

    own = [
        name
        for name in menu
        if name.startswith(namespace)
        or (name.startswith("public:") and resolve(reverse(name)).func in public_views)
    ]
    assert own, f"{config.label}/navigation.py puts nothing of the app in the menu or on the public site"
    assert any(_own(provider.__module__, config) for provider in workbench._PROVIDERS), (
        f"{config.label}/workbench.py registers no to-do provider"
    )
    assert any(_own(loader.func.__module__, config) for loader in demo.discover_loaders()), (
        f"{config.label}/demo.py registers no demo loader"
    )


@pytest.mark.parametrize("config", MECHANISMS, ids=_ids)
def test_sweep_steps_and_metrics_are_declared_and_registered(config: MechanismAppConfig):
    """An app with periodic work has it in sweep_steps.py as @sweep_step functions; an app with figures publishes
    them in metrics.py. The config says which it has, and the module agrees."""
    has_module = module_has_submodule(config.module, "sweep_steps")
    assert has_module == config.has_sweep_steps, (
        f"{config.label}: has_sweep_steps disagrees with sweep_steps.py"
    )
    steps = [step for step in sweep.registered_steps() if _own(step.func.__module__, config)]
    if config.has_sweep_steps:
        assert steps, f"{config.label}/sweep_steps.py registers no @sweep_step"
    # Periodic work lives in sweep_steps.py only, so `manage.py sweep` shows it all in one place per app.
    elsewhere = [step.name for step in steps if step.func.__module__ != f"{config.name}.sweep_steps"]
    assert not elsewhere, f"{config.label}: sweep steps outside sweep_steps.py: {elsewhere}"

    has_module = module_has_submodule(config.module, "metrics")
    assert has_module == config.has_metrics, f"{config.label}: has_metrics disagrees with metrics.py"
    if config.has_metrics:
        figures = [metric.code for metric in metrics.all_metrics() if _own(metric.compute.__module__, config)]
        assert figures, f"{config.label}/metrics.py registers no metric"


@pytest.mark.parametrize("config", MECHANISMS, ids=_ids)
def test_every_model_is_audited_and_in_the_admin(config: MechanismAppConfig):
    models = list(config.get_models())
    names = {model.__name__ for model in models}
    unknown = set(config.audit_exclude_models) - names
    assert not unknown, f"{config.label}: audit_exclude_models names no model of the app: {unknown}"
    assert all(reason.strip() for reason in config.audit_exclude_models.values()), (
        "say why a model is not audited"
    )
    unaudited = [
        model.__name__
        for model in models
        if not auditlog.contains(model) and model.__name__ not in config.audit_exclude_models
    ]
    assert not unaudited, f"{config.label}: models neither audited nor excluded with a reason: {unaudited}"
    outside_admin = [model.__name__ for model in models if not admin.site.is_registered(model)]
    assert not outside_admin, f"{config.label}/admin.py does not register {outside_admin}"


def _url_names(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


@pytest.mark.parametrize("config", MECHANISMS, ids=_ids)
def test_every_url_of_the_app_is_in_its_matrix(config: MechanismAppConfig):
    """tests/test_authorization_matrix.py checks every URL of the site has a case somewhere; here, each app's
    pages, public pages and API operations are in its own tests/matrix.py."""
    urls = importlib.import_module(f"{config.name}.urls")
    router = importlib.import_module(f"{config.name}.api").router
    names = {
        *_url_names(urls.urlpatterns, f"{config.label}:"),
        *_url_names(getattr(urls, "public_urlpatterns", []), "public:"),
        *(
            f"api:{operation.view_func.__name__}"
            for path_view in router.path_operations.values()
            for operation in path_view.operations
        ),
    }
    covered = {case.url_name for case in importlib.import_module(f"{config.name}.tests.matrix").CASES}
    missing = sorted(names - covered)
    assert not missing, f"add to {config.label}/tests/matrix.py: {missing}"


def _calls(tree: ast.AST, name: str):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if called == name:
                yield node.lineno


@pytest.mark.parametrize("config", MECHANISMS, ids=_ids)
def test_objects_are_fetched_only_through_the_access_helpers(config: MechanismAppConfig):
    """A page or API endpoint reaches an object through permissions.py (404 outside the person's scope, 403 seen
    but not allowed), never a get_object_or_404 of its own that may forget the scope."""
    found = [
        f"{path.relative_to(config.path)}:{line}"
        for path in _sources(config)
        if path.name != "permissions.py"
        for line in _calls(ast.parse(path.read_text()), "get_object_or_404")
    ]
    assert not found, f"{config.label}: get_object_or_404 outside permissions.py at {found}"


def _imports_views(tree: ast.AST, config) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [alias.name for alias in node.names]
            if node.level:  # from .views import …, from . import views
                targets = [module] if module else names
            else:
                targets = [module.removeprefix(f"{config.name}.")] if _own(module, config) else []
            found += [t for t in targets if t.split(".")[0] == "views" or t.startswith("views_")]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if _own(a.name, config) and ".views" in a.name]
    return found


@pytest.mark.parametrize("config", platform_configs(), ids=_ids)
def test_exports_read_no_views(config: PlatformAppConfig):
    """An export gets its rows from the app's queries (a QuerySet method or queries.py) shared with the list page,
    never from a view module: the export runs in the background, where no view is."""
    if not module_has_submodule(config.module, "exports"):
        return
    path = Path(inspect.getfile(importlib.import_module(f"{config.name}.exports")))
    assert not _imports_views(ast.parse(path.read_text()), config), f"{config.label}/exports.py imports views"


@pytest.mark.parametrize("config", MECHANISMS, ids=_ids)
def test_the_admin_shows_every_model_to_the_system_administrator(config: MechanismAppConfig, world, client):
    """The admin's lists of the app open for the superuser, and none offers to add, change or delete a record of a
    workflow (core.admin.RecordAdmin)."""
    client.force_login(world.superuser)
    for model in config.get_models():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(response.wsgi_request), (
            f"{opts.label} can be added in the admin"
        )


@pytest.mark.parametrize("config", [c for c in platform_configs() if c.label != "orgs"], ids=_ids)
def test_the_jurisdiction_tree_is_queried_through_orgs(config: PlatformAppConfig):
    """A subtree of the jurisdiction tree is asked for with orgs.scope's helpers (inside, within, inside_or_above,
    lies_in, Region.is_within), never a `path__startswith` built by hand that may get the prefix wrong."""
    found = [
        f"{path.relative_to(config.path)}:{number}"
        for path in _sources(config)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "path__startswith" in line
    ]
    assert not found, f"{config.label}: use orgs.scope.within / inside at {found}"
