"""Periodic work of the culture volunteers, run by `manage.py sweep`: check-outs forgotten for two hours after an
activity's planned end are closed at the planned end and listed for the organizer (services.close_forgotten_checkouts)."""

from changxiao.core.sweep import sweep_step

from .services import close_forgotten_checkouts


@sweep_step("volunteers.forgotten_checkouts", order=500)
def forgotten_checkouts() -> int:
    return close_forgotten_checkouts()
