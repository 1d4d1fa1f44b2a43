"""Inspections and their findings for tests, made by `inspection_create` and `finding_add` as an inspector makes
them, on the day the test runs (or patches as today).

    inspection = InspectionFactory(by=world.inspector)                   # a routine inspection of 苏州市, today
    finding = FindingFactory(inspection=inspection, lead_unit=world.venue_unit)  # minor, due in 5 working days
    finding = FindingFactory(by=world.inspector, lead_unit=world.venue_unit, due_date=date(2026, 10, 16))
"""

import factory

from changxiao.core.deadlines import local_today
from changxiao.core.tests.factories import ServiceFactory, home_region
from changxiao.supervision.models import Finding, Inspection
from changxiao.supervision.services import finding_add, inspection_create


class InspectionFactory(ServiceFactory):
    """A routine inspection of the jurisdiction of `by` (required: an inspector or an office), held today."""

    class Meta:
        model = Inspection

    region = factory.LazyAttribute(lambda o: home_region(o.by))
    kind = "routine"
    title = "常态督查"
    date = factory.LazyAttribute(lambda o: o.on or local_today())

    @classmethod
    def make(cls, **fields) -> Inspection:
        return inspection_create(**fields)


class FindingFactory(ServiceFactory):
    """A minor finding for `lead_unit` (required), recorded by the inspection's maker on `inspection`, or on a new
    inspection by `by`; due in 5 working days unless `due_date` or `due_workdays` says otherwise."""

    class Meta:
        model = Finding

    inspection = factory.SubFactory(
        InspectionFactory, by=factory.SelfAttribute("..by"), on=factory.SelfAttribute("..on")
    )
    by = factory.LazyAttribute(lambda o: o.inspection.created_by)
    description = "开放时间未公示"
    requirement = "公示开放时间"
    severity = "minor"
    due_date = None
    due_workdays = factory.LazyAttribute(lambda o: None if o.due_date else 5)

    @classmethod
    def make(cls, **fields) -> Finding:
        return finding_add(**fields)
