"""Excel export of feedback: the queue's filters, or a year and jurisdiction from the insight page; phone masked."""

from django.utils.translation import gettext_lazy as _

from changxiao.core import numbers
from changxiao.core.exports import Column, ExportDefinition, register_export
from changxiao.orgs.models import Region
from changxiao.orgs.scope import within

from .queries import items_for_queue


def _items(user, params):
    items = items_for_queue(user, params)
    year = params.get("year", "")
    if year.isdecimal():
        items = items.filter(submitted_at__year=int(year))
    region_id = params.get("region", "")
    if region_id.isdecimal():
        region = Region.objects.visible_to(user).filter(pk=int(region_id)).first()
        items = items.filter(within(region, indexed=True)) if region else items.none()
    return items


register_export(
    ExportDefinition(
        name="feedback-items",
        title=_("Citizen feedback"),
        file_stem="feedback",
        queryset=_items,
        columns=[
            Column(_("Tracking code"), lambda i: i.code, 14, numbers.XLSX_TEXT),
            Column(_("Kind of feedback"), lambda i: i.get_kind_display(), 8),
            Column(_("Category"), lambda i: i.category.name, 12),
            Column(_("Jurisdiction"), lambda i: i.region.name, 12),
            Column(_("Content"), lambda i: i.content, 50),
            Column(_("Phone"), lambda i: i.phone_masked, 14, numbers.XLSX_TEXT),
            Column(_("Handling unit"), lambda i: i.unit.name if i.unit else "", 24),
            Column(_("State"), lambda i: i.get_state_display(), 10),
            Column(_("Submitted at"), lambda i: i.submitted_at, 18),
            Column(_("Answer by"), lambda i: i.answer_due, 12),
            Column(_("Answered on"), lambda i: i.answered_on, 12),
            Column(_("Rating"), lambda i: i.get_last_rating_display(), 10),
            Column(_("Supervision outcome"), lambda i: i.get_outcome_display(), 16),
            Column(_("Rating of the outcome"), lambda i: i.get_outcome_rating_display(), 10),
            Column(_("Transfers"), lambda i: i.transfer_count, 8, numbers.XLSX_INTEGER),
        ],
    )
)
