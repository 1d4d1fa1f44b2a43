"""Import of 12345 hotline work orders (12345热线工单) about culture into the feedback queue.

The template's columns follow the usual 12345 export (工单编号, 受理时间, 诉求类型, 诉求内容 …). Work orders already
imported (same number) are skipped and listed; every other problem rejects the file, row by row."""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.imports import (
    ImportColumn,
    ImportCounts,
    ImportDefinition,
    ImportRow,
    RowError,
    choice_labels,
    choice_parser,
    choices_lookup,
    parse_date,
    register_import,
    text_parser,
)
from changxiao.core.personal_data import normalize_phone
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import applies_in

from . import services
from .choices import Kind
from .models import Category, FeedbackItem
from .permissions import can_import

# What 12345 systems call the kinds of request.
KIND_ALIASES = {
    Kind.DEMAND: ("求助", "咨询", "诉求"),
    Kind.SUGGESTION: ("意见建议",),
    Kind.COMPLAINT: ("投诉举报", "举报"),
    Kind.PRAISE: ("表扬感谢", "感谢"),
}

COLUMNS = [
    ImportColumn(
        "order_no",
        gettext_lazy("Work order number"),
        required=True,
        example="2026112700123",
        parse=text_parser(40),
        text=True,
        aliases=("工单编号",),
        width=18,
    ),
    ImportColumn(
        "received",
        gettext_lazy("Received on"),
        required=True,
        example="2026-11-27",
        parse=parse_date,
        aliases=("受理时间",),
        width=14,
    ),
    ImportColumn(
        "kind",
        gettext_lazy("Kind of feedback"),
        required=True,
        example="投诉",
        parse=choice_parser(choices_lookup(Kind, KIND_ALIASES), choice_labels(Kind)),
        choices=choice_labels(Kind),
        aliases=("诉求类型",),
        width=10,
    ),
    ImportColumn(
        "category",
        gettext_lazy("Category"),
        required=True,
        example="开放时间",
        parse=text_parser(40),
        aliases=("类别",),
        # No drop-down: the template is the same file for every city, and each city keeps its own categories.
        help_text=gettext_lazy("A category of the feedback settings offered in the row's jurisdiction."),
    ),
    ImportColumn(
        "region",
        gettext_lazy("Jurisdiction"),
        required=True,
        example="姑苏区",
        help_text=gettext_lazy("The name of a district, county or township."),
        parse=text_parser(60),
        aliases=("所属地区",),
        width=14,
    ),
    ImportColumn(
        "venue",
        gettext_lazy("Venue (optional)"),
        example="姑苏区文化馆",
        parse=text_parser(100),
        aliases=("涉及场馆",),
        width=20,
    ),
    ImportColumn(
        "content",
        gettext_lazy("Content"),
        required=True,
        example="文化馆周末不开放",
        parse=text_parser(2000),
        aliases=("诉求内容",),
        width=50,
    ),
    ImportColumn(
        "phone",
        gettext_lazy("Phone (optional)"),
        example="13812345678",
        parse=text_parser(20),
        text=True,
        aliases=("联系电话",),
        width=16,
    ),
]


def _regions(user) -> dict[str, Region]:
    """The districts and townships of the importing office's jurisdiction, by name."""
    regions = Region.objects.managed_by(user).filter(level__in=["county", "zone", "township"])
    return {r.name: r for r in regions}


def _venues(user) -> dict[str, Unit]:
    return {u.name: u for u in Unit.objects.managed_by(user).active().filter(kind="venue")}


def _category(categories: list[Category], name: str, region: Region) -> Category | None:
    """The category of the name offered in the region: the one kept nearest to it."""
    offered = [c for c in categories if c.name == name and applies_in(c.owner, region)]
    return max(offered, key=lambda c: len(c.owner.path) if c.owner else 0, default=None)


def _categories(user) -> list[Category]:
    return list(Category.objects.visible_to(user).filter(is_active=True).select_related("owner"))


def validate(user, rows: list[ImportRow]) -> list[RowError]:
    errors: list[RowError] = []
    categories = _categories(user)
    regions = _regions(user)
    venues = _venues(user)
    seen: set[str] = set()
    for row in rows:
        if row["order_no"] in seen:
            errors.append(row.error("order_no", _("This work order number appears twice in the file.")))
        seen.add(row["order_no"])
        if row["region"] not in regions:
            errors.append(row.error("region", _("No district, county or township has this name.")))
        elif _category(categories, row["category"], regions[row["region"]]) is None:
            errors.append(
                row.error(
                    "category", _("Unknown category; use one of the feedback settings of the jurisdiction.")
                )
            )
        if row["venue"] and row["venue"] not in venues:
            errors.append(row.error("venue", _("No venue has this name.")))
        if row["phone"]:
            try:
                normalize_phone(row["phone"])
            except ValidationError as exc:
                errors += row.errors_from(exc)
        if row["received"] > timezone.localdate():
            errors.append(row.error("received", _("The date is in the future.")))
    return errors


def apply(user, rows: list[ImportRow]) -> ImportCounts:
    categories = _categories(user)
    regions = _regions(user)
    venues = _venues(user)
    known = set(
        FeedbackItem.objects.filter(hotline_order_no__in=[r["order_no"] for r in rows]).values_list(
            "hotline_order_no", flat=True
        )
    )
    created, skipped = 0, []
    for row in rows:
        if row["order_no"] in known:
            skipped.append(_("Work order %(no)s was imported before: skipped.") % {"no": row["order_no"]})
            continue
        # The hotline accepted the call on its 受理时间 (a day without the hour: taken as the morning, and never
        # later than now): the item is dated then and its deadlines count from it, not from the import.
        received = min(timezone.make_aware(datetime.combine(row["received"], time(9))), timezone.now())
        item, _created = services.feedback_submit(
            kind=row["kind"],
            category=_category(categories, row["category"], regions[row["region"]]),
            region=regions[row["region"]],
            venue=venues.get(row["venue"]) if row["venue"] else None,
            content=row["content"],
            phone=row["phone"] or "",
            source=FeedbackItem.Source.HOTLINE,
            received_at=received,
        )
        FeedbackItem.objects.filter(pk=item.pk).update(hotline_order_no=row["order_no"])
        created += 1
    return ImportCounts(created=created, skipped=tuple(skipped))


register_import(
    ImportDefinition(
        name="feedback-hotline",
        title=gettext_lazy("12345 hotline work orders"),
        columns=COLUMNS,
        can_import=can_import,
        validate_rows=validate,
        apply=apply,
        return_url=reverse_lazy("feedback:queue"),
        notes=(
            gettext_lazy(
                "Work orders already imported (same number) are skipped and listed after the import."
            ),
            gettext_lazy(
                "Each work order is routed by the routing rules like a message from the public form."
            ),
        ),
    )
)
