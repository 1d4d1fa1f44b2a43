"""Every write of the cockpit: layouts and their tiles, the figures computed again, meeting snapshots and their
decisions (a follow-up task asked of the target system through core.events), and the annual report."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.attention import attention_for
from changxiao.core.bounds import check_deadline, check_year
from changxiao.core.confirmation import StepCheck
from changxiao.core.corrections import cancel_record
from changxiao.core.events import FollowUpTaskRequest, ask, follow_up_task_open
from changxiao.core.metrics import all_metrics
from changxiao.core.permissions import require
from changxiao.core.ratelimit import hit
from changxiao.core.timeline import record_event, register_verbs
from changxiao.orgs.models import Region, Unit, User

from . import figures as figure_rules
from . import report as report_rules
from .models import AnnualReport, Decision, Layout, Snapshot, Tile
from .permissions import can_arrange, can_recompute

register_verbs(
    {
        "tile_added": gettext_lazy("added a tile"),
        "tile_removed": gettext_lazy("removed a tile"),
        "tile_moved": gettext_lazy("moved a tile"),
        "tile_target_set": gettext_lazy("set a tile's target"),
        "snapshot_taken": gettext_lazy("took a meeting snapshot"),
        "decision_recorded": gettext_lazy("recorded a decision"),
        "follow_up_created": gettext_lazy("created a follow-up task"),
        "report_compiled": gettext_lazy("compiled the annual report"),
        "report_edited": gettext_lazy("edited the annual report"),
        "report_issued": gettext_lazy("issued the annual report"),
    }
)

TILES_MAX = 40


# --- Layouts ---------------------------------------------------------------------------------------------------


@transaction.atomic
def layout_create(*, by: User, region: Region, name: str, audience: str, is_default: bool) -> Layout:
    require(can_arrange(by, region))
    layout = Layout(region=region, name=name, audience=audience, is_default=is_default, created_by=by)
    layout.full_clean()
    if is_default:
        Layout.objects.filter(region=region, is_default=True).update(is_default=False)
    layout.save()
    record_event(layout, actor=by, verb="created")
    return layout


@transaction.atomic
def layout_update(*, layout: Layout, by: User, name: str, audience: str, is_default: bool) -> Layout:
    require(can_arrange(by, layout.region))
    layout.name, layout.audience, layout.is_default = name, audience, is_default
    layout.full_clean()
    if is_default:
        Layout.objects.filter(region=layout.region, is_default=True).exclude(pk=layout.pk).update(
            is_default=False
        )
    layout.save(update_fields=["name", "audience", "is_default"])
    record_event(layout, actor=by, verb="updated")
    return layout


def _metric_codes() -> set[str]:
    return {m.code for m in all_metrics()}


def _metric_name(code: str) -> str:
    """The figure's name for a timeline, or its code when no installed app publishes it any more."""
    return next((str(m.name) for m in all_metrics() if m.code == code), code)


@transaction.atomic
def tile_add(*, layout: Layout, by: User, metric_code: str) -> Tile:
    require(can_arrange(by, layout.region))
    Layout.objects.select_for_update().get(pk=layout.pk)
    if metric_code not in _metric_codes():
        raise ValidationError({"metric_code": _("No published metric has this code.")})
    if layout.tiles.filter(metric_code=metric_code).exists():
        raise ValidationError({"metric_code": _("This figure is on the layout already.")})
    if layout.tiles.count() >= TILES_MAX:
        raise ValidationError(_("A layout holds at most %(max)s tiles.") % {"max": TILES_MAX})
    last = layout.tiles.aggregate(last=Max("position"))["last"]
    tile = Tile.objects.create(
        layout=layout, metric_code=metric_code, position=0 if last is None else last + 1
    )
    record_event(layout, actor=by, verb="tile_added", comment=_metric_name(metric_code))
    return tile


@transaction.atomic
def tile_remove(*, tile: Tile, by: User) -> None:
    require(can_arrange(by, tile.layout.region))
    record_event(tile.layout, actor=by, verb="tile_removed", comment=_metric_name(tile.metric_code))
    tile.delete()


@transaction.atomic
def tile_move(*, tile: Tile, by: User, step: int) -> Tile:
    """Move a tile one place up (step -1) or down (+1); the positions are renumbered 0, 1, 2 …"""
    require(can_arrange(by, tile.layout.region))
    if step not in (-1, 1):
        raise ValidationError(_("A tile moves one place at a time."))
    tiles = list(Tile.objects.select_for_update().filter(layout=tile.layout).order_by("position", "pk"))
    index = next(i for i, t in enumerate(tiles) if t.pk == tile.pk)
    other = index + step
    if 0 <= other < len(tiles):
        tiles[index], tiles[other] = tiles[other], tiles[index]
    for position, each in enumerate(tiles):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])
    record_event(tile.layout, actor=by, verb="tile_moved", comment=_metric_name(tile.metric_code))
    return Tile.objects.get(pk=tile.pk)


@transaction.atomic
def tile_set_target(*, tile: Tile, by: User, direction: str, target, excellent, target_source: str) -> Tile:
    """The office's own target for the tile (all empty: back to the indicator sets'). A target needs its direction and
    its source; the excellence level lies beyond the pass level in the direction."""
    require(can_arrange(by, tile.layout.region))
    if target is None and not direction and excellent is None:
        target_source = ""
    else:
        if not direction or target is None:
            raise ValidationError(_("A target needs its direction and its pass level."))
        if not target_source.strip():
            raise ValidationError(
                {"target_source": _("Say which law, standard or decision the target comes from.")}
            )
        if excellent is not None:
            beyond = excellent >= target if direction == "higher" else excellent <= target
            if not beyond:
                raise ValidationError({"excellent": _("The excellence level lies beyond the pass level.")})
    tile.direction, tile.target, tile.excellent, tile.target_source = (
        direction,
        target,
        excellent,
        target_source,
    )
    tile.full_clean()
    tile.save(update_fields=["direction", "target", "excellent", "target_source"])
    record_event(tile.layout, actor=by, verb="tile_target_set", comment=_metric_name(tile.metric_code))
    return tile


# --- Figures ---------------------------------------------------------------------------------------------------


RECOMPUTES_PER_MINUTE = 5


def figures_recompute(*, by: User, subject, year: int) -> int:
    """Compute a subject's figures again now (the office or a district coordinator, when a figure is grey or records
    were just entered): at most five times a minute for a person, subject and year, so a held-down button or a script
    does not recompute a city's figures over and over."""
    require(can_recompute(by, subject))
    check_year(year, field="year")
    if not hit(
        "figures-recompute",
        f"{by.pk}-{figure_rules.subject_kind(subject)}-{subject.pk}-{year}",
        limit=RECOMPUTES_PER_MINUTE,
        per_seconds=60,
    ):
        raise ValidationError(
            _(
                "You had these figures computed again %(count)s times in the last minute: try again in a minute."
            )
            % {"count": RECOMPUTES_PER_MINUTE}
        )
    return figure_rules.figures_refresh(subject=subject, year=year)


# --- Meeting snapshots -----------------------------------------------------------------------------------------


def snapshot_data(*, by: User, region: Region, year: int, layout: Layout | None) -> tuple[list, list]:
    """The cockpit as it stands, as plain data: every tile's figure, target and state, and every warning."""
    tiles = figure_rules.tiles_for(region, year, list(layout.tiles.all()) if layout else None)
    tile_rows = []
    for view in tiles:
        target = view.target
        tile_rows.append(
            {
                "code": view.metric.code,
                "name": str(view.metric.name),
                "unit": str(view.metric.unit_of_measure),
                "value": None if view.value is None else str(view.value),
                "numerator": view.figure.numerator,
                "denominator": view.figure.denominator,
                "computed_at": view.figure.computed_at.isoformat(),
                "records_url": view.figure.records_url,
                "state": view.target_state,
                "direction": target.direction if target else "",
                "target": None if target is None else str(target.target),
                "excellent": None if target is None or target.excellent is None else str(target.excellent),
                "source": target.source if target else "",
            }
        )
    warnings = [item.as_data() for item in attention_for(by, region.path)]
    return tile_rows, warnings


@transaction.atomic
def snapshot_take(
    *, by: User, region: Region, year: int, title: str, meeting_date: date, layout: Layout | None
) -> Snapshot:
    require(can_arrange(by, region))
    check_year(year, field="year")
    if layout is not None and not region.path.startswith(layout.region.path):
        raise ValidationError({"layout": _("Choose a layout of this jurisdiction or of one above it.")})
    tiles, warnings = snapshot_data(by=by, region=region, year=year, layout=layout)
    snapshot = Snapshot(
        region=region,
        year=year,
        title=title,
        meeting_date=meeting_date,
        layout_name=layout.name if layout else _("All figures"),
        tiles=tiles,
        warnings=warnings,
        taken_by=by,
    )
    snapshot.full_clean()
    snapshot.save()
    record_event(snapshot, actor=by, verb="snapshot_taken")
    return snapshot


def snapshot_compare(earlier: Snapshot, later: Snapshot) -> dict:
    """What moved between two snapshots of a jurisdiction: each figure before and after, and the warnings that are
    new or gone (by their record's page)."""
    before = {row["code"]: row for row in earlier.tiles}
    rows = []
    for row in later.tiles:
        old = before.get(row["code"])
        change = None
        if old and old["value"] is not None and row["value"] is not None:
            from decimal import Decimal

            change = Decimal(row["value"]) - Decimal(old["value"])
        rows.append({"after": row, "before": old, "change": change})
    old_urls = {w["url"] for w in earlier.warnings}
    new_urls = {w["url"] for w in later.warnings}
    return {
        "rows": rows,
        "new_warnings": [w for w in later.warnings if w["url"] not in old_urls],
        "resolved_warnings": [w for w in earlier.warnings if w["url"] not in new_urls],
    }


@transaction.atomic
def decision_record(*, snapshot: Snapshot, by: User, text: str) -> Decision:
    require(can_arrange(by, snapshot.region))
    Snapshot.objects.select_for_update().get(pk=snapshot.pk)
    number = (snapshot.decisions.aggregate(last=Max("number"))["last"] or 0) + 1
    decision = Decision(snapshot=snapshot, number=number, text=text.strip(), recorded_by=by)
    decision.full_clean()
    decision.save()
    record_event(decision, actor=by, verb="decision_recorded")
    record_event(snapshot, actor=by, verb="decision_recorded", comment=f"{number}. {decision.text[:200]}")
    return decision


@transaction.atomic
def decision_follow_up(
    *, decision: Decision, by: User, lead_unit: Unit, title: str, due_date: date, site_url: str = ""
) -> Decision:
    """A task of the jurisdiction's work plan for the decision, asked of the target system (core.events
    .follow_up_task_open, answered in this transaction): the decision keeps the task's number and page."""
    snapshot = decision.snapshot
    require(can_arrange(by, snapshot.region))
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.is_cancelled:
        raise ValidationError(_("This decision is cancelled."))
    if decision.task_id:
        raise ValidationError(_("A follow-up task was created from this decision already."))
    check_deadline(due_date, field="due_date")
    opened = ask(
        follow_up_task_open,
        FollowUpTaskRequest(
            by_id=by.pk,
            region_id=snapshot.region_id,
            year=snapshot.year,
            lead_unit_id=lead_unit.pk,
            title=title,
            description=decision.text,
            due_date=due_date,
            source_ref=f"{snapshot.meeting_date:%Y-%m-%d} {snapshot.title} #{decision.number}",
            source_url=site_url + decision.get_absolute_url(),
        ),
    )
    decision.task_id, decision.task_reference, decision.task_url = (
        opened.task_id,
        opened.reference[:330],
        opened.url,
    )
    decision.save(update_fields=["task_id", "task_reference", "task_url"])
    record_event(decision, actor=by, verb="follow_up_created", comment=opened.reference)
    return decision


@transaction.atomic
def decision_cancel(*, decision: Decision, by: User, reason: str) -> Decision:
    require(can_arrange(by, decision.snapshot.region))
    if decision.task_id:
        raise ValidationError(
            _("A decision with a follow-up task stays: cancel the task in the target system.")
        )
    return cancel_record(decision, by=by, reason=reason)


# --- The annual report -----------------------------------------------------------------------------------------


@transaction.atomic
def report_compile(*, by: User, region: Region, year: int) -> AnnualReport:
    """A new draft of the year's report from every mechanism's section, numbered after the last version."""
    require(can_arrange(by, region))
    check_year(year, field="year")
    existing = AnnualReport.objects.select_for_update().filter(region=region, year=year)
    if existing.current().filter(state=AnnualReport.State.DRAFT).exists():
        raise ValidationError(_("A draft of this report exists: edit it, or cancel it first."))
    version = (existing.aggregate(last=Max("version"))["last"] or 0) + 1
    report = AnnualReport(
        region=region,
        year=year,
        version=version,
        title=report_rules.report_title(region, year),
        sections=report_rules.compile_sections(region, year),
        compiled_at=timezone.now(),
        created_by=by,
    )
    report.full_clean()
    report.save()
    record_event(report, actor=by, verb="report_compiled")
    return report


@transaction.atomic
def report_edit(*, report: AnnualReport, by: User, title: str, texts: dict[str, str]) -> AnnualReport:
    """The office's words for each section of a draft; the figures stay as compiled."""
    require(can_arrange(by, report.region))
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_draft:
        raise ValidationError(_("An issued report does not change: compile a new version."))
    for section in report.sections:
        if section["key"] in texts:
            text = texts[section["key"]].strip()
            if len(text) > report_rules.SECTION_TEXT_MAX:
                raise ValidationError(
                    _("Keep each section under %(max)s characters.") % {"max": report_rules.SECTION_TEXT_MAX}
                )
            section["text"] = text
    report.title = title.strip() or report.title
    report.full_clean()
    report.save(update_fields=["title", "sections"])
    record_event(report, actor=by, verb="report_edited")
    return report


def report_issue_check(report: AnnualReport) -> StepCheck:
    check = StepCheck(action=_("Issue %(title)s") % {"title": report.title})
    check.consequences.append(
        _("Version %(version)s is kept as issued and never changes; a later correction is a new version.")
        % {"version": report.version}
    )
    if not report.is_draft:
        check.refusals.append(_("Only a draft is issued."))
    empty = [s["title"] for s in report.sections if not s.get("text", "").strip()]
    if empty:
        check.missing.append(_("Sections without text: %(sections)s") % {"sections": "、".join(empty)})
    return check


@transaction.atomic
def report_issue(*, report: AnnualReport, by: User, confirmed: bool) -> AnnualReport:
    require(can_arrange(by, report.region))
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    report_issue_check(report).require(confirmed=confirmed)
    report.state, report.issued_at, report.issued_by = AnnualReport.State.ISSUED, timezone.now(), by
    report.save(update_fields=["state", "issued_at", "issued_by"])
    record_event(report, actor=by, verb="report_issued", from_state="draft", to_state="issued")
    return report


@transaction.atomic
def report_cancel(*, report: AnnualReport, by: User, reason: str) -> AnnualReport:
    """A draft compiled by mistake is cancelled, an issued version withdrawn, with a reason: either stays on record
    (its Word document too), marked cancelled; a corrected report is the next version."""
    require(can_arrange(by, report.region))
    return cancel_record(report, by=by, reason=reason)
