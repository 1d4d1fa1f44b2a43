"""The province generator (core.province) at a tiny scale: every app contributes rows; a second run refuses."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from changxiao.core.province import discover_generators


@pytest.mark.django_db(transaction=False)
def test_generate_province_tiny_then_refuse_a_second_run(capsys):
    call_command("generate_province", scale=0.0001, seed=1)
    out = capsys.readouterr().out
    for generator in discover_generators():
        assert f"{generator.name}: " in out
    names = {g.name for g in discover_generators()}
    mechanisms = {c.label for c in apps.get_app_configs() if getattr(c, "mechanism", False)}
    assert mechanisms <= names, f"no province generator: {sorted(mechanisms - names)}"
    counts = {line.split(":")[0]: line for line in out.splitlines() if ": " in line}
    assert all(" 0 " not in f" {line.split(': ', 1)[1]}" for line in counts.values())
    regions = apps.get_model("orgs", "Region").objects.count()

    with pytest.raises(CommandError, match="already holds data|已有数据"):
        call_command("generate_province", scale=0.0001, seed=1)
    assert apps.get_model("orgs", "Region").objects.count() == regions


@pytest.mark.django_db(transaction=False)
def test_generate_province_only_the_mechanisms_named(capsys):
    call_command("generate_province", scale=0.0001, seed=1, only=["feedback"])
    out = capsys.readouterr().out
    assert "orgs: " in out and "feedback: " in out
    assert "surveys: " not in out and "supervision: " not in out
    assert apps.get_model("feedback", "FeedbackItem").objects.exists()
    assert not apps.get_model("surveys", "Response").objects.exists()
    with pytest.raises(CommandError):
        call_command("generate_province", scale=0.0001, only=["nonesuch"])
