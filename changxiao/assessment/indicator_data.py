"""Indicator sets shipped as data files (assessment/data/*.toml): checked completely, then loaded in one go.

A set is identified by (code, version): loading a file whose version already exists changes nothing, so a corrected
standard is a new version and rounds keep the version they were run with."""

import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from changxiao.core.metrics import all_metrics

from .choices import Comparator, DataType, Scoring, Source
from .models import Indicator, IndicatorCategory, IndicatorSet

DATA_DIR = Path(__file__).resolve().parent / "data"


def shipped_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.toml"))


def _decimal(value, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError(f"{where}: {value!r} is not a number") from exc


def check(data: dict, name: str) -> list[str]:
    """Every problem of a data file, in words; an empty list means it can be loaded."""
    problems = []
    for key in ("code", "version", "name", "source"):
        if key not in data:
            problems.append(f"{name}: missing {key}")
    categories = {c.get("code") for c in data.get("categories", [])}
    metrics = {m.code for m in all_metrics()}
    codes = set()
    for indicator in data.get("indicators", []):
        where = f"{name} {indicator.get('code', '?')}"
        if indicator.get("code") in codes:
            problems.append(f"{where}: code used twice")
        codes.add(indicator.get("code"))
        if indicator.get("category") not in categories:
            problems.append(f"{where}: unknown category {indicator.get('category')!r}")
        for key, allowed in (
            ("data_type", DataType.values),
            ("comparator", Comparator.values),
            ("scoring", Scoring.values),
            ("source", Source.values),
        ):
            if indicator.get(key) not in allowed:
                problems.append(f"{where}: {key} must be one of {allowed}")
        if indicator.get("source") == Source.METRIC and indicator.get("metric") not in metrics:
            problems.append(f"{where}: metric {indicator.get('metric')!r} is not published by any app")
        if "citation" not in indicator:
            problems.append(f"{where}: cite the source of the threshold (citation)")
        if indicator.get("scoring") == Scoring.TIERS and not indicator.get("tiers"):
            problems.append(f"{where}: tier scoring needs tiers")
        try:
            if _decimal(indicator.get("max_points"), where) in (None, Decimal(0)):
                problems.append(f"{where}: max_points must be positive")
        except ValidationError as exc:
            problems += exc.messages
    return problems


@transaction.atomic
def load(path: Path) -> tuple[IndicatorSet, bool]:
    """Load one file; (set, created). An existing (code, version) is returned untouched."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    problems = check(data, path.name)
    if problems:
        raise ValidationError(problems)
    existing = IndicatorSet.objects.filter(
        owner__isnull=True, code=data["code"], version=data["version"]
    ).first()
    if existing is not None:
        return existing, False
    indicator_set = IndicatorSet.objects.create(
        code=data["code"],
        version=data["version"],
        name=data["name"],
        source=data["source"],
        description=data.get("description", ""),
    )
    categories = {}
    for position, category in enumerate(data.get("categories", [])):
        categories[category["code"]] = IndicatorCategory.objects.create(
            indicator_set=indicator_set, code=category["code"], name=category["name"], position=position
        )
    for position, item in enumerate(data.get("indicators", [])):
        where = f"{path.name} {item['code']}"
        Indicator.objects.create(
            indicator_set=indicator_set,
            category=categories[item["category"]],
            code=item["code"],
            name=item["name"],
            unit_of_measure=item.get("unit", ""),
            data_type=item["data_type"],
            comparator=item["comparator"],
            pass_level=_decimal(item.get("pass"), where),
            excellent_level=_decimal(item.get("excellent"), where),
            scoring=item["scoring"],
            tiers=[[str(t), str(p)] for t, p in item.get("tiers", [])],
            max_points=_decimal(item["max_points"], where),
            veto=item.get("veto", False),
            source=item["source"],
            metric_code=item.get("metric", ""),
            guidance=item.get("guidance", ""),
            citation=item["citation"],
            verified=item.get("verified", False),
            position=position,
        )
    return indicator_set, True


def load_shipped() -> list[tuple[IndicatorSet, bool]]:
    return [load(path) for path in shipped_files()]


@transaction.atomic
def new_version(indicator_set: IndicatorSet, owner=None) -> IndicatorSet:
    """A copy of the set as the next version of the owner's jurisdiction (the set's own owner unless another is
    given: a shipped set is copied into a jurisdiction), to be edited; rounds keep the version they were run with."""
    owner = owner if owner is not None else indicator_set.owner
    latest = IndicatorSet.objects.family(owner, indicator_set.code).order_by("-version").first()
    copy = IndicatorSet.objects.create(
        owner=owner,
        code=indicator_set.code,
        version=max(latest.version, indicator_set.version) + 1 if latest else indicator_set.version + 1,
        name=indicator_set.name,
        source=indicator_set.source,
        description=indicator_set.description,
    )
    categories = {}
    for category in indicator_set.categories.order_by("position", "pk"):
        categories[category.pk] = IndicatorCategory.objects.create(
            indicator_set=copy, code=category.code, name=category.name, position=category.position
        )
    for category in indicator_set.categories.exclude(parent__isnull=True):
        categories[category.pk].parent = categories[category.parent_id]
        categories[category.pk].save(update_fields=["parent"])
    for indicator in indicator_set.indicators.all():
        indicator.pk, indicator.indicator_set, indicator.category = (
            None,
            copy,
            categories[indicator.category_id],
        )
        indicator.save()
    return copy
