"""Periodic work of the citizens' sign-in: sign-in codes older than a day are deleted (long expired)."""

from changxiao.core.sweep import sweep_step

from .services import codes_purge


@sweep_step("citizens.codes_purge", order=900)
def purge_old_codes() -> int:
    return codes_purge()
