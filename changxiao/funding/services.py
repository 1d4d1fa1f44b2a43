"""Every write of the funding guarantees, one function each, in one transaction: permission, bounds, the change, the
timeline, and the re-check of the rules the change touches.

A rule not met opens a supervision finding against the jurisdiction's government, once per rule, jurisdiction and
year, through core's seam (core.events.finding_open: funding never imports supervision); the finding names the
check's page, where the revision that later meets the rule is the evidence of the rectification. A publicity report
short of its minimum share opens a finding against the media unit the same way."""

import logging
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.bounds import (
    MONEY_MAX,
    MONEY_PLACES,
    QUANTITY_MAX,
    TEXT_MAX,
    TITLE_MAX,
    check_text,
    check_year,
)
from changxiao.core.confirmation import StepCheck
from changxiao.core.corrections import cancel_record
from changxiao.core.deadlines import local_today
from changxiao.core.events import FindingOpenRequest, FindingOutcome, FindingOutcomeEvent, ask, finding_open
from changxiao.core.notifications import notify
from changxiao.core.permissions import require
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import attach_files
from changxiao.orgs.choices import RegionLevel, UnitKind
from changxiao.orgs.models import PopulationRecord, Region, Unit, User
from changxiao.orgs.permissions import can_manage_region
from changxiao.orgs.recipients import region_managers, unit_people
from changxiao.orgs.scope import ancestor_paths, within

from . import rules
from .choices import CULTURE_FUNCTION_NAMES, FISCAL_LEVELS, CheckState, Comparator, Medium, RuleKind, Stage
from .models import (
    AdMinimum,
    AdReport,
    FiscalPublication,
    FiscalRecord,
    FiscalReporter,
    FundingRule,
    ProvincialAverage,
    RuleCheck,
)
from .permissions import can_enter_figures, can_keep_settings, can_publish, can_report_resources

logger = logging.getLogger(__name__)

FINDING_SOURCE = "funding"
FINDING_WORKDAYS = 20
WINDOW_MAX = 5

register_verbs(
    {
        "figures_entered": gettext_lazy("entered fiscal figures"),
        "figures_revised": gettext_lazy("revised fiscal figures"),
        "rule_checked": gettext_lazy("checked a funding rule"),
        "rule_created": gettext_lazy("added a funding rule"),
        "rule_retired": gettext_lazy("retired a funding rule"),
        "average_entered": gettext_lazy("entered a provincial average"),
        "figures_published": gettext_lazy("published fiscal figures"),
        "figures_withdrawn": gettext_lazy("withdrew published fiscal figures"),
        "reporter_designated": gettext_lazy("designated the unit reporting fiscal figures"),
        "resources_reported": gettext_lazy("reported publicity resources"),
        "minimum_set": gettext_lazy("set a minimum publicity share"),
        "finding_opened": gettext_lazy("opened a supervision finding"),
        "finding_outcome": gettext_lazy("heard the outcome of the finding"),
    }
)


# --- Values -----------------------------------------------------------------------------------------------------


def check_money(value, *, field: str, label: str, required: bool = True) -> Decimal | None:
    """An amount in yuan: not negative, two decimals at most, below MONEY_MAX; clear words otherwise."""
    if value is None or value == "":
        if required:
            raise ValidationError({field: _("Give %(what)s.") % {"what": label}})
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({field: _("%(what)s is not an amount of money.") % {"what": label}}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("%(what)s is not an amount of money.") % {"what": label}})
    if amount < 0:
        raise ValidationError({field: _("%(what)s cannot be negative.") % {"what": label}})
    if amount > MONEY_MAX:
        raise ValidationError({field: _("%(what)s is beyond any budget.") % {"what": label}})
    if amount.as_tuple().exponent < -MONEY_PLACES and amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            {field: _("%(what)s has more than two decimals: give it in yuan and fen.") % {"what": label}}
        )
    return amount.quantize(Decimal("0.01"))


def _check_fiscal_year(year, stage: str) -> int:
    if not isinstance(year, int) or isinstance(year, bool):
        raise ValidationError({"year": _("Give the year as a number.")})
    check_year(year, field="year")
    if stage == Stage.FINAL and year > local_today().year:
        raise ValidationError(
            {
                "year": _("The final accounts of %(year)s cannot exist yet: that year has not come.")
                % {"year": year}
            }
        )
    return year


# --- Fiscal figures ---------------------------------------------------------------------------------------------


@transaction.atomic
def figures_enter(
    *,
    region: Region,
    by: User,
    year: int,
    stage: str,
    regular_revenue,
    general_expenditure,
    culture_spending,
    source_document: str,
    culture_item_name: str = CULTURE_FUNCTION_NAMES[0],
    mechanism_funds=None,
    population: int | None = None,
    population_source: str = "",
    reason: str = "",
    documents: list | None = None,
) -> FiscalRecord:
    """Enter a jurisdiction's figures of a year (budget or final accounts); when figures of that year and stage
    stand already, this is a revision: a new version with its reason, the older one kept. The rules are checked
    again at once."""
    require(can_enter_figures(by, region))
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose budget or final accounts.")})
    year = _check_fiscal_year(year, stage)
    revenue = check_money(regular_revenue, field="regular_revenue", label=_("Regular fiscal revenue"))
    expenditure = check_money(
        general_expenditure, field="general_expenditure", label=_("General budget expenditure")
    )
    culture = check_money(culture_spending, field="culture_spending", label=_("Culture spending (class 207)"))
    funds = check_money(
        mechanism_funds, field="mechanism_funds", label=_("Funds of the long-term mechanism"), required=False
    )
    if culture > expenditure:
        raise ValidationError(
            {"culture_spending": _("Culture spending cannot exceed the general budget expenditure.")}
        )
    if funds is not None and funds > expenditure:
        raise ValidationError(
            {"mechanism_funds": _("The mechanism's funds cannot exceed the general budget expenditure.")}
        )
    if culture_item_name not in CULTURE_FUNCTION_NAMES:
        raise ValidationError(
            {"culture_item_name": _("Class 207 is named 文化旅游体育与传媒支出 or 文化体育与传媒支出.")}
        )
    document = check_text(source_document, field="source_document", maximum=TITLE_MAX)
    if not document:
        raise ValidationError({"source_document": _("Name the document the figures are taken from.")})
    population, population_source = _population(region, year, population, population_source)
    reason = check_text(reason, field="reason", maximum=TEXT_MAX)
    current = (
        FiscalRecord.objects.select_for_update()
        .current()
        .filter(region=region, year=year, stage=stage)
        .first()
    )
    if current is not None and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Figures of this year stand already: a revision needs its reason (the older version is kept)."
                )
            }
        )
    now = timezone.now()
    # Numbered after every version there was, a cancelled one included.
    version = (
        FiscalRecord.objects.filter(region=region, year=year, stage=stage).aggregate(last=Max("version"))[
            "last"
        ]
        or 0
    ) + 1
    if current is not None:
        current.superseded_at = now
        current.save(update_fields=["superseded_at"])
    record = FiscalRecord(
        region=region,
        year=year,
        stage=stage,
        version=version,
        regular_revenue=revenue,
        general_expenditure=expenditure,
        culture_spending=culture,
        culture_item_name=culture_item_name,
        mechanism_funds=funds,
        population=population,
        population_source=population_source,
        source_document=document,
        reason=reason if current is not None else "",
        entered_by=by,
        entered_at=now,
    )
    record.full_clean()
    record.save()
    # The document the figures come from, as evidence: every file checked before any is stored.
    stored = attach_files(record, list(documents or []), by=by, description=document) if documents else []
    record_event(
        record,
        actor=by,
        verb="figures_revised" if current is not None else "figures_entered",
        comment=reason if current is not None else document,
        attachments=stored,
    )
    region_recheck(region=region, by=by, record=record)
    return record


@transaction.atomic
def figures_cancel(*, record: FiscalRecord, by: User, reason: str) -> FiscalRecord:
    """Cancel figures entered by mistake (the wrong jurisdiction, year or stage): the version is kept, cancelled
    with its reason, and counts nowhere; the version it replaced, if any, stands again. The rules are checked again."""
    require(can_enter_figures(by, record.region))
    record = FiscalRecord.objects.select_for_update().get(pk=record.pk)
    if not record.is_current:
        raise ValidationError(_("Only the current version can be cancelled: it is the one the rules read."))
    cancel_record(record, by=by, reason=reason)
    record.superseded_at = record.cancelled_at
    record.save(update_fields=["superseded_at"])
    previous = (
        FiscalRecord.objects.filter(
            region=record.region, year=record.year, stage=record.stage, cancelled_at__isnull=True
        )
        .exclude(pk=record.pk)
        .order_by("-version")
        .first()
    )
    if previous is not None:
        previous.superseded_at = None
        previous.save(update_fields=["superseded_at"])
    region_recheck(region=record.region, by=by, record=previous)
    return record


def _population(region: Region, year: int, population, source: str) -> tuple[int | None, str]:
    """The resident population the per-capita figures divide by: the one typed with the figures, else the one orgs
    holds for the year (with its source); none at all is kept as missing (缺人口数据), never as zero."""
    source = check_text(source, field="population_source", maximum=TITLE_MAX)
    if population is not None and population != "":
        try:
            population = int(population)
        except (TypeError, ValueError):
            raise ValidationError(
                {"population": _("Give the population as a whole number of persons.")}
            ) from None
        if population <= 0:
            raise ValidationError(
                {
                    "population": _(
                        "A jurisdiction's resident population cannot be zero: leave it empty when unknown."
                    )
                }
            )
        if population > 999_999_999:
            raise ValidationError({"population": _("This population is beyond any jurisdiction.")})
        if not source:
            raise ValidationError(
                {"population_source": _("Name the source of the population (e.g. the statistical bulletin).")}
            )
        return population, source
    record = PopulationRecord.objects.filter(region=region, year=year).first()
    if record is None or not record.resident:
        return None, ""
    return record.resident, (record.source or _("resident population of the jurisdiction"))[:TITLE_MAX]


# --- Checking the rules -----------------------------------------------------------------------------------------


def province_of(region: Region) -> Region | None:
    if region.level == RegionLevel.PROVINCE:
        return region
    return Region.objects.filter(path__in=ancestor_paths(region.path), level=RegionLevel.PROVINCE).first()


def province_average(province: Region | None, year: int) -> tuple[Decimal, str] | None:
    """The provincial average per-capita culture spending of a year with its source: the one entered (from a
    yearbook), else computed from the final accounts of the province's cities when the platform holds every one
    of them with its population; None otherwise."""
    if province is None:
        return None
    entered = ProvincialAverage.objects.current().filter(province=province, year=year).first()
    if entered is not None:
        return entered.per_capita, entered.source
    cities = list(Region.objects.filter(parent=province, level=RegionLevel.CITY).values_list("pk", flat=True))
    if not cities:
        return None
    records = list(
        FiscalRecord.objects.current().filter(
            region_id__in=cities, year=year, stage=Stage.FINAL, population__gt=0
        )
    )
    if len(records) != len(cities):
        return None
    spending = sum((r.culture_spending for r in records), Decimal(0))
    people = sum(r.population for r in records)
    value = (spending / people).quantize(Decimal("0.01"))
    return value, _("computed from the final accounts of the province's %(count)s cities") % {
        "count": len(cities)
    }


def _figures(region: Region) -> dict[str, dict[int, rules.Figures]]:
    series: dict[str, dict[int, rules.Figures]] = {Stage.BUDGET: {}, Stage.FINAL: {}}
    for record in FiscalRecord.objects.current().filter(region=region):
        series[record.stage][record.year] = rules.Figures(
            revenue=record.regular_revenue,
            culture=record.culture_spending,
            mechanism=record.mechanism_funds,
            population=record.population,
        )
    return series


def applying_rules(region: Region):
    return FundingRule.objects.applying_in(region).filter(is_active=True).order_by("code", "pk")


@transaction.atomic
def region_recheck(
    *, region: Region, by: User | None = None, record: FiscalRecord | None = None
) -> list[RuleCheck]:
    """Check every rule applying in the jurisdiction for every year it has figures of: keep each result, open a
    finding for a rule newly not met, tell the government when a rule with a finding is met again. Idempotent: an
    unchanged result writes nothing."""
    if region.level not in FISCAL_LEVELS:
        return []
    series = _figures(region)
    province = province_of(region)
    averages: dict[int, Decimal] = {}
    existing = {
        (check.rule_id, check.year): check
        for check in RuleCheck.objects.select_for_update().filter(region=region).select_related("rule")
    }
    checks = []
    for rule in applying_rules(region):
        figures = series[rule.stage]
        terms = rules.Terms(rule.kind, rule.comparator, rule.window)
        for year in sorted(figures):
            if rule.kind == RuleKind.PER_CAPITA and year not in averages:
                found = province_average(province, year)
                if found is not None:
                    averages[year] = found[0]
            outcome = rules.evaluate(terms, year, figures, averages)
            check = existing.pop((rule.pk, year), None)
            checks.append(_keep(rule, region, year, outcome, check=check, by=by, record=record))
    # A year whose figures are gone (cancelled) cannot be checked any more: its result says so.
    for (_rule_id, year), check in existing.items():
        if check.rule.is_active:
            missing = rules.YearResult(year, CheckState.UNKNOWN, reason=rules.MISSING_FIGURES)
            gone = rules.Outcome(CheckState.UNKNOWN, (missing,))
            checks.append(_keep(check.rule, region, year, gone, check=check, by=by, record=record))
    return checks


def _keep(
    rule: FundingRule,
    region: Region,
    year: int,
    outcome: rules.Outcome,
    *,
    check: RuleCheck | None,
    by,
    record,
) -> RuleCheck:
    detail = [result.as_data() for result in outcome.years]
    if check is None:
        check = RuleCheck.objects.create(
            rule=rule, region=region, year=year, state=outcome.state, detail=detail
        )
        previous = ""
    elif check.state == outcome.state and check.detail == detail:
        return check
    else:
        previous = check.state
        check.state, check.detail, check.checked_at = outcome.state, detail, timezone.now()
        check.save(update_fields=["state", "detail", "checked_at"])
    lines = rules.explain_all(rule.kind, detail)
    comment = "\n".join(lines)
    if record is not None:
        comment = f"{record} · {comment}"
    record_event(
        check, actor=by, verb="rule_checked", from_state=previous, to_state=outcome.state, comment=comment
    )
    if outcome.state == CheckState.NOT_MET and check.finding_id is None:
        _open_finding_for_check(check, lines)
    elif outcome.state == CheckState.MET and previous == CheckState.NOT_MET and check.finding_id:
        _tell_met_again(check, lines, record)
    return check


def _recording_officer(region: Region) -> User | None:
    """Who the finding is recorded in the name of: the first person of the leading-group office over the
    jurisdiction (the office answers for the rules it keeps); the finding's timeline says it was opened by the
    funding check."""
    for person in sorted(region_managers(region), key=lambda user: user.pk):
        if can_manage_region(person, region) and person.is_active:
            return person
    return None


def _government(region: Region) -> Unit | None:
    return (
        Unit.objects.active()
        .filter(region=region, kind=UnitKind.DISTRICT_GOVERNMENT)
        .order_by("code", "pk")
        .first()
    )


def _open_finding_for_check(check: RuleCheck, lines: list[str]) -> None:
    region, rule = check.region, check.rule
    government = _government(region)
    officer = _recording_officer(region)
    if government is None or officer is None:
        check.finding_note = (
            _("No government unit is registered for this jurisdiction: no finding could be opened.")
            if government is None
            else _("No office person can record a finding in this jurisdiction.")
        )
        check.save(update_fields=["finding_note"])
        return
    url = reverse("funding:region", args=[region.pk]) + f"?year={check.year}"
    numbers = "；".join(lines)
    opened = ask(
        finding_open,
        FindingOpenRequest(
            source=FINDING_SOURCE,
            source_ref=f"{rule.code}/{region.code}/{check.year}"[:40],
            source_url=url,
            by_id=officer.pk,
            region_id=region.pk,
            unit_id=government.pk,
            title=_("Funding rule not met: %(rule)s (%(region)s, %(year)s)")
            % {"rule": rule.name, "region": region.name, "year": check.year},
            notes=_("Opened automatically by the funding check of %(rule)s.") % {"rule": rule.name},
            description=(
                _("%(rule)s not met. %(numbers)s. Source: %(source)s — %(text)s")
                % {
                    "rule": rule.name,
                    "numbers": numbers,
                    "source": rule.source_title,
                    "text": rule.source_text,
                }
            )[:TEXT_MAX],
            requirement=_(
                "Bring the figures in line with the rule, or correct them by a revision with its reason; submit the "
                "revision as the evidence of the rectification."
            ),
            due_workdays=FINDING_WORKDAYS,
            severity="major",
        ),
    )
    check.finding_id, check.finding_reference, check.finding_url = (
        opened.finding_id,
        opened.reference[:40],
        opened.url,
    )
    check.finding_note = ""
    check.save(update_fields=["finding_id", "finding_reference", "finding_url", "finding_note"])
    record_event(check, actor=None, verb="finding_opened", comment=opened.reference)


def _tell_met_again(check: RuleCheck, lines: list[str], record: FiscalRecord | None) -> None:
    government = _government(check.region)
    if government is None:
        return
    evidence = record.get_absolute_url() if record is not None else ""
    notify(
        unit_people(government),
        title=_(
            "Funding rule met again: %(rule)s (%(year)s); submit the revision as evidence for %(finding)s"
        )
        % {"rule": check.rule.name, "year": check.year, "finding": check.finding_reference},
        body="\n".join(lines) + (f"\n{evidence}" if evidence else ""),
        url=check.finding_url,
    )


def finding_outcome_record(*, event: FindingOutcomeEvent) -> None:
    """Keep how supervision ended a finding this app opened (core.events.finding_outcome, received in apps.py)."""
    if event.source != FINDING_SOURCE:
        return
    for model in (RuleCheck, AdReport):
        item = model.objects.filter(finding_id=event.finding_id).first()
        if item is not None:
            if event.outcome == FindingOutcome.REASSIGNED and event.successor_id:
                item.finding_id = event.successor_id
                item.save(update_fields=["finding_id"])
                return
            item.finding_outcome = event.outcome
            item.save(update_fields=["finding_outcome"])
            record_event(item, actor=None, verb="finding_outcome", comment=event.summary)
            return


@transaction.atomic
def recheck_all() -> int:
    """The sweep's re-check of every jurisdiction that has figures (a rule or an average changed since)."""
    changed = 0
    for region in Region.objects.filter(pk__in=FiscalRecord.objects.current().values("region")).order_by(
        "path"
    ):
        before = dict(RuleCheck.objects.filter(region=region).values_list("pk", "checked_at"))
        after = region_recheck(region=region)
        changed += sum(1 for check in after if before.get(check.pk) != check.checked_at)
    return changed


# --- Settings: reporters, rules, averages ----------------------------------------------------------------------


@transaction.atomic
def reporter_designate(*, owner: Region, unit: Unit, by: User) -> FiscalReporter:
    require(can_keep_settings(by, owner))
    if not unit.region.is_within(owner) and owner.pk != unit.region_id:
        raise ValidationError({"unit": _("Choose a unit of the jurisdiction.")})
    reporter, created = FiscalReporter.objects.get_or_create(owner=owner, unit=unit)
    if not created:
        raise ValidationError({"unit": _("This unit reports the jurisdiction's figures already.")})
    record_event(reporter, actor=by, verb="reporter_designated", comment=unit.name)
    return reporter


@transaction.atomic
def rule_create(
    *,
    owner: Region,
    by: User,
    code: str,
    name: str,
    kind: str,
    comparator: str,
    window: int,
    stage: str,
    source_title: str,
    source_text: str,
) -> FundingRule:
    require(can_keep_settings(by, owner))
    if kind not in RuleKind.values:
        raise ValidationError({"kind": _("Choose what the rule compares.")})
    if comparator not in Comparator.values:
        raise ValidationError({"comparator": _("Choose the comparator.")})
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose budget or final accounts.")})
    if kind == RuleKind.MECHANISM and stage != Stage.BUDGET:
        raise ValidationError({"stage": _("The mechanism's funds are checked in the budget.")})
    if not isinstance(window, int) or not 1 <= window <= WINDOW_MAX:
        raise ValidationError({"window": _("The window is 1 to %(max)s years.") % {"max": WINDOW_MAX}})
    title = check_text(source_title, field="source_title", maximum=TITLE_MAX)
    text = check_text(source_text, field="source_text", maximum=TEXT_MAX)
    if not title or not text:
        raise ValidationError({"source_text": _("A rule keeps the document it comes from and its wording.")})
    if FundingRule.objects.filter(owner=owner, code=code).exists():
        raise ValidationError({"code": _("A rule of this jurisdiction has this code already.")})
    rule = FundingRule(
        owner=owner,
        code=code,
        name=check_text(name, field="name", maximum=TITLE_MAX),
        kind=kind,
        comparator=comparator,
        window=window,
        stage=stage,
        source_title=title,
        source_text=text,
        created_by=by,
    )
    rule.full_clean()
    rule.save()
    record_event(rule, actor=by, verb="rule_created", comment=rule.name)
    _recheck_inside(owner, by=by)
    return rule


@transaction.atomic
def rule_retire(*, rule: FundingRule, by: User, reason: str) -> FundingRule:
    """A rule no longer applied: kept with its results, checked no more."""
    require(can_keep_settings(by, rule.owner))
    reason = check_text(reason, field="reason")
    if not reason:
        raise ValidationError({"reason": _("Give the reason for retiring the rule.")})
    if not rule.is_active:
        raise ValidationError(_("This rule is retired already."))
    rule.is_active = False
    rule.save(update_fields=["is_active"])
    record_event(rule, actor=by, verb="rule_retired", comment=reason)
    return rule


def _recheck_inside(region: Region, *, by) -> None:
    regions = Region.objects.filter(
        within(region, "path"), pk__in=FiscalRecord.objects.current().values("region")
    )
    for each in regions.order_by("path"):
        region_recheck(region=each, by=by)


@transaction.atomic
def average_enter(
    *, province: Region, by: User, year: int, per_capita, source: str, reason: str = ""
) -> ProvincialAverage:
    """Enter the province's average per-capita culture spending of a year from its source; a revision needs its
    reason and keeps the older figure. The per-capita rules of the province's jurisdictions are checked again."""
    if province.level != RegionLevel.PROVINCE:
        raise ValidationError({"province": _("Choose a province.")})
    require(can_keep_settings(by, province) or _keeps_inside(by, province))
    check_year(year, field="year")
    value = check_money(per_capita, field="per_capita", label=_("The average per resident"))
    source = check_text(source, field="source", maximum=TITLE_MAX)
    if not source:
        raise ValidationError({"source": _("Name the source (e.g. the statistical yearbook and its table).")})
    reason = check_text(reason, field="reason")
    current = (
        ProvincialAverage.objects.select_for_update().current().filter(province=province, year=year).first()
    )
    if current is not None:
        if not reason:
            raise ValidationError(
                {"reason": _("An average of this year stands already: a revision needs its reason.")}
            )
        current.superseded_at = timezone.now()
        current.save(update_fields=["superseded_at"])
    average = ProvincialAverage.objects.create(
        province=province, year=year, per_capita=value, source=source, reason=reason, entered_by=by
    )
    record_event(average, actor=by, verb="average_entered", comment=f"{year}: {value} · {source}")
    for region in _offices_inside(by, province):
        _recheck_inside(region, by=by)
    return average


def _keeps_inside(user, province: Region) -> bool:
    """A city's office enters the average of its own province (it compares with it)."""
    return bool(_offices_inside(user, province))


def _offices_inside(user, province: Region) -> list[Region]:
    from changxiao.orgs.owned import keeping_regions

    return [
        region for region in keeping_regions(user) if region.is_within(province) or region.pk == province.pk
    ]


# --- Publication ------------------------------------------------------------------------------------------------


def publication_check(*, region: Region, year: int) -> StepCheck:
    check = StepCheck(
        action=_("Publish the fiscal figures of %(region)s for %(year)s")
        % {"region": region.name, "year": year},
        consequences=[
            _("The final accounts, the budget and each rule's result of the year appear on the public site."),
        ],
    )
    if not FiscalRecord.objects.current().filter(region=region, year=year).exists():
        check.refusals.append(_("There are no figures of this year to publish."))
    if FiscalPublication.objects.standing().filter(region=region, year=year).exists():
        check.refusals.append(_("These figures are published already."))
    if RuleCheck.objects.filter(region=region, year=year, state=CheckState.UNKNOWN).exists():
        check.missing.append(_("Some rules cannot be checked for lack of figures."))
    return check


@transaction.atomic
def publication_publish(*, region: Region, year: int, by: User, confirmed: bool) -> FiscalPublication:
    require(can_publish(by, region))
    check_year(year, field="year")
    publication_check(region=region, year=year).require(confirmed=confirmed)
    publication = FiscalPublication.objects.create(region=region, year=year, published_by=by)
    record_event(publication, actor=by, verb="figures_published", comment=f"{region.name} {year}")
    return publication


@transaction.atomic
def publication_withdraw(*, publication: FiscalPublication, by: User, reason: str) -> FiscalPublication:
    require(can_publish(by, publication.region))
    reason = check_text(reason, field="reason")
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing the publication.")})
    if publication.withdrawn_at is not None:
        raise ValidationError(_("This publication is withdrawn already."))
    publication.withdrawn_at, publication.withdrawn_by, publication.withdraw_reason = (
        timezone.now(),
        by,
        reason,
    )
    publication.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    record_event(publication, actor=by, verb="figures_withdrawn", comment=reason)
    return publication


# --- Publicity resources ----------------------------------------------------------------------------------------


@transaction.atomic
def minimum_set(*, owner: Region, by: User, medium: str, minimum_percent, source: str) -> AdMinimum:
    require(can_keep_settings(by, owner))
    if medium not in Medium.values:
        raise ValidationError({"medium": _("Choose the medium.")})
    try:
        percent = Decimal(str(minimum_percent))
    except InvalidOperation:
        raise ValidationError({"minimum_percent": _("Give a percentage between 0 and 100.")}) from None
    if not percent.is_finite() or not 0 < percent <= 100 or percent != percent.quantize(Decimal("0.1")):
        raise ValidationError({"minimum_percent": _("Give a percentage between 0 and 100.")})
    source = check_text(source, field="source", maximum=TITLE_MAX)
    if not source:
        raise ValidationError({"source": _("Name the document the minimum comes from.")})
    minimum, _created = AdMinimum.objects.update_or_create(
        owner=owner, medium=medium, defaults={"minimum_percent": percent, "source": source}
    )
    record_event(minimum, actor=by, verb="minimum_set", comment=f"{minimum} · {source}")
    return minimum


def minimum_for(region: Region, medium: str) -> AdMinimum | None:
    """The minimum that applies in a region: the nearest owner up the tree."""
    minimums = AdMinimum.objects.applying_in(region).filter(medium=medium).select_related("owner")
    return max(minimums, key=lambda m: len(m.owner.path), default=None)


@transaction.atomic
def resources_report(
    *,
    unit: Unit,
    by: User,
    medium: str,
    channel: str,
    period_start: date,
    period_end: date,
    total,
    public_welfare,
    note: str = "",
) -> AdReport:
    """A media unit reports a period's advertising resource and the part given to public culture publicity; a
    share short of the minimum that applies opens a supervision finding against the unit."""
    require(can_report_resources(by, unit))
    if medium not in Medium.values:
        raise ValidationError({"medium": _("Choose the medium.")})
    channel = check_text(channel, field="channel", maximum=100)
    if not channel:
        raise ValidationError({"channel": _("Name the channel, paper or site.")})
    if period_start is None or period_end is None or period_end < period_start:
        raise ValidationError({"period_end": _("The period ends on or after the day it starts.")})
    if period_end > local_today():
        raise ValidationError({"period_end": _("Report a period that has ended.")})
    if (period_end - period_start).days > 366:
        raise ValidationError({"period_end": _("Report a year at most at a time.")})
    amounts = []
    for field, value in (("total", total), ("public_welfare", public_welfare)):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise ValidationError({field: _("Give a number.")}) from None
        if not amount.is_finite() or amount < 0 or amount > QUANTITY_MAX:
            raise ValidationError({field: _("Give a number between 0 and %(max)s.") % {"max": QUANTITY_MAX}})
        amounts.append(amount.quantize(Decimal("0.001")))
    total, public_welfare = amounts
    if public_welfare > total:
        raise ValidationError(
            {"public_welfare": _("The public-welfare part cannot exceed the whole resource.")}
        )
    minimum = minimum_for(unit.region, medium)
    report = AdReport.objects.create(
        unit=unit,
        medium=medium,
        channel=channel,
        period_start=period_start,
        period_end=period_end,
        total=total,
        public_welfare=public_welfare,
        note=check_text(note, field="note", maximum=TITLE_MAX),
        entered_by=by,
        minimum_percent=minimum.minimum_percent if minimum else None,
        minimum_source=minimum.source if minimum else "",
    )
    record_event(report, actor=by, verb="resources_reported", comment=f"{report.share}%")
    if report.is_short:
        _open_finding_for_report(report)
    return report


def _open_finding_for_report(report: AdReport) -> None:
    officer = _recording_officer(report.unit.region)
    if officer is None:
        report.finding_note = _("No office person can record a finding in this jurisdiction.")
        report.save(update_fields=["finding_note"])
        return
    numbers = _(
        "%(channel)s, %(start)s–%(end)s: %(share)s%% for public culture publicity against the minimum %(minimum)s%%"
    ) % {
        "channel": report.channel,
        "start": report.period_start.isoformat(),
        "end": report.period_end.isoformat(),
        "share": report.share,
        "minimum": report.minimum_percent,
    }
    opened = ask(
        finding_open,
        FindingOpenRequest(
            source=FINDING_SOURCE,
            source_ref=f"AD/{report.pk}",
            source_url=reverse("funding:resources") + f"?unit={report.unit_id}",
            by_id=officer.pk,
            region_id=report.unit.region_id,
            unit_id=report.unit_id,
            title=_("Public-welfare publicity short of its minimum: %(unit)s") % {"unit": report.unit.name},
            notes=_("Opened automatically by the publicity resources check."),
            description=f"{numbers}. {report.minimum_source}"[:TEXT_MAX],
            requirement=_("Give public culture publicity at least the minimum share in the periods to come."),
            due_workdays=FINDING_WORKDAYS,
            severity="minor",
        ),
    )
    report.finding_id, report.finding_reference, report.finding_url = (
        opened.finding_id,
        opened.reference[:40],
        opened.url,
    )
    report.save(update_fields=["finding_id", "finding_reference", "finding_url"])
    record_event(report, actor=None, verb="finding_opened", comment=opened.reference)


@transaction.atomic
def resources_cancel(*, report: AdReport, by: User, reason: str) -> AdReport:
    require(can_report_resources(by, report.unit))
    return cancel_record(report, by=by, reason=reason)
