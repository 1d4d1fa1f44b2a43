"""The rules between apps (docs/architecture.md, section 2) are import-linter contracts in pyproject.toml, run by
`make lint` and so by CI. These tests keep the contracts complete — every app of INSTALLED_APPS has its place in
them, so a new mechanism app cannot be forgotten — and check that they hold and that a broken one fails."""

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
# The platform around the mechanisms; citizens (the public site's sign-in) is a layer beside orgs that the
# mechanism apps may import.
PLATFORM = {"changxiao.core", "changxiao.orgs", "changxiao.citizens", "changxiao.cockpit"}
EVERY_TEST = "changxiao.*.tests.** -> changxiao.**"


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {contract["id"]: contract for contract in config["contracts"]}


def _installed() -> set[str]:
    return {name for name in settings.INSTALLED_APPS if name.startswith("changxiao.")}


def _mechanisms() -> set[str]:
    return set(_contracts()["mechanisms"]["modules"])


def test_every_app_of_the_platform_is_placed_in_the_layers():
    """An app is either part of the platform around the mechanisms or a mechanism app, and the independence
    contract lists exactly the installed mechanism apps (none forgotten, none left over)."""
    assert _installed() >= PLATFORM
    assert _mechanisms() == _installed() - PLATFORM


def test_mechanism_apps_are_the_ones_their_configs_declare():
    """The app configs say whether they are a mechanism (core.apps.MechanismAppConfig); the contracts agree."""
    configs = [config for config in apps.get_app_configs() if config.name in _installed()]
    assert all(hasattr(config, "mechanism") for config in configs), (
        "every app has a core.apps.PlatformAppConfig"
    )
    assert {config.name for config in configs if config.mechanism} == _mechanisms()


def test_each_contract_names_every_app_its_rule_covers():
    contracts = _contracts()
    mechanisms = _mechanisms()
    assert set(contracts["core"]["source_modules"]) == {"changxiao.core"}
    assert set(contracts["core"]["forbidden_modules"]) == _installed() - {"changxiao.core"}
    assert set(contracts["orgs"]["source_modules"]) == {"changxiao.orgs"}
    assert set(contracts["orgs"]["forbidden_modules"]) == _installed() - {"changxiao.core", "changxiao.orgs"}
    assert set(contracts["citizens"]["source_modules"]) == {"changxiao.citizens"}
    assert set(contracts["citizens"]["forbidden_modules"]) == _installed() - {
        "changxiao.core",
        "changxiao.citizens",
    }
    assert contracts["mechanisms"]["type"] == "independence"
    assert set(contracts["cockpit"]["source_modules"]) == {"changxiao.cockpit"}
    assert set(contracts["cockpit"]["forbidden_modules"]) == mechanisms
    assert set(contracts["above-mechanisms"]["source_modules"]) == mechanisms
    assert set(contracts["above-mechanisms"]["forbidden_modules"]) == {"changxiao.cockpit"}


def test_only_tests_are_exempt():
    """Tests drive one app's flow through the others; nothing else is let through."""
    for contract in _contracts().values():
        for ignored in contract.get("ignore_imports", []):
            importer = ignored.split(" -> ")[0]
            assert importer.startswith("changxiao.") and importer.endswith(".tests.**"), ignored


def test_the_contracts_hold():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_a_broken_contract_fails_the_lint(tmp_path):
    """The same linter on a rule the tree breaks (feedback imports core) fails: `make lint` would stop CI."""
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "changxiao"\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "feedback imports nothing of core (false on purpose)"\n'
        'type = "forbidden"\n'
        'source_modules = ["changxiao.feedback"]\n'
        'forbidden_modules = ["changxiao.core"]\n'
        f'ignore_imports = ["{EVERY_TEST}"]\n'
    )
    assert lint_imports(config_filename=str(config), no_cache=True, no_logo=True) == 1
