"""指标体系 kept by a jurisdiction (orgs.owned): who reads a set, who changes it, and the two changes — a set copied as
the next version (of the same jurisdiction, or, for a shipped set or the province's, as the office's own) and an
indicator of a version not yet used by a round."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.timeline import record_event, register_verbs
from changxiao.orgs.models import Region, User
from changxiao.orgs.owned import applies_in, can_keep, keeping_regions

from .indicator_data import new_version
from .models import Indicator, IndicatorSet

register_verbs(
    {
        "indicator_set_new_version": gettext_lazy("started a new version"),
        "indicator_changed": gettext_lazy("changed an indicator"),
    }
)


@transaction.atomic
def indicator_set_new_version(
    *, indicator_set: IndicatorSet, by: User, owner: Region | None = None
) -> IndicatorSet:
    """The set copied as the next version to edit: of its own jurisdiction for the office that keeps it; for any
    other office that reads it (a shipped set, the province's), as that office's own (owner, or the first
    jurisdiction it keeps). Rounds keep the version they were run with."""
    if can_keep(by, indicator_set.owner):
        owner = indicator_set.owner
    else:
        owner = owner or keeping_regions(by).first()
        if owner is None or not can_keep(by, owner) or not applies_in(indicator_set.owner, owner):
            raise PermissionDenied
    copy = new_version(indicator_set, owner)
    record_event(
        copy,
        actor=by,
        verb="indicator_set_new_version",
        comment=f"{indicator_set} → v{copy.version}" + (f" · {owner.name}" if owner else ""),
    )
    return copy


@transaction.atomic
def indicator_save(*, indicator: Indicator, by: User, changes_comment: str = "") -> Indicator:
    """An indicator of a version no round uses yet, changed by the office that keeps the set."""
    indicator_set = indicator.indicator_set
    if not can_keep(by, indicator_set.owner):
        raise PermissionDenied
    if indicator_set.rounds.exists():
        raise ValidationError(
            _("This version is used by an assessment round: create a new version to change it.")
        )
    indicator.save()
    record_event(
        indicator_set,
        actor=by,
        verb="indicator_changed",
        comment=f"{indicator.code} {indicator.name}" + (f"\n{changes_comment}" if changes_comment else ""),
    )
    return indicator
