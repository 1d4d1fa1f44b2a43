"""Periodic work of the funding guarantees, run by `manage.py sweep`: every jurisdiction's rules checked again, so
that a rule added, an average entered or a population recorded since takes effect — idempotent (an unchanged result
writes nothing, a finding is opened once per rule, jurisdiction and year)."""

from changxiao.core.sweep import sweep_step

from .services import recheck_all


@sweep_step("funding.recheck", order=520)
def recheck_rules() -> int:
    return recheck_all()
