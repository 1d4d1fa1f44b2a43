"""Demo implementation plans (实施方案) for the demo work plan: every state, a revised and an adjusted plan,
a late one and units that have not submitted yet. Runs after the plan's demo loader."""

import io
from dataclasses import dataclass
from datetime import date

import docx
from django.core.files.uploadedfile import SimpleUploadedFile

from changxiao.core.demo import demo_moment, register_demo
from changxiao.core.models import TimelineEvent
from changxiao.orgs.models import Unit, User

from .demo import OFFICE_USERNAME, TITLE, YEAR, _reporter
from .implementation import (
    MeasureData,
    expected_units,
    implementation_accept,
    implementation_return,
    implementation_submit,
)
from .models import ImplementationPlan, ImplementationPlanVersion, Task, WorkPlan

DUE = date(YEAR, 3, 31)


def d(month: int, day: int) -> date:
    return date(YEAR, month, day)


@dataclass(frozen=True)
class Step:
    """One step of a plan's history: who acts (unit submits, office returns or approves), when, with what."""

    action: str  # "submit", "return" or "approve"
    on: date
    comment: str = ""


SCENARIOS: list[list[Step]] = [
    [Step("submit", d(3, 20)), Step("approve", d(3, 27), "同意实施。")],
    [
        Step("submit", d(3, 18)),
        Step("return", d(3, 24), "重点举措不够具体，请补充各项举措的时间节点和责任科室。"),
        Step("submit", d(3, 30)),
        Step("approve", d(4, 3), "修改后的方案符合要求，同意实施。"),
    ],
    [Step("submit", d(4, 10)), Step("approve", d(4, 15), "同意。请注意今后按时报送。")],
    [Step("submit", d(3, 25)), Step("return", d(4, 1), "请对照任务分解表补齐全部牵头任务的落实举措。")],
    [
        Step("submit", d(3, 26)),
        Step("approve", d(3, 31), "同意实施。"),
        Step("submit", d(11, 16)),  # adjusted in the autumn, waiting for approval
    ],
    [Step("submit", d(3, 30)), Step("approve", d(4, 7), "同意实施。")],
    [Step("submit", d(3, 27))],
]
# The last expected units, beyond the scenarios, have not submitted.
MISSING = 2


def _document(unit: Unit, version: int, measures: list[MeasureData]) -> SimpleUploadedFile:
    document = docx.Document()
    document.add_heading(f"{unit.name}{YEAR}年示范区长效管理工作实施方案", level=1)
    document.add_paragraph(f"（第{version}稿）")
    document.add_paragraph(f"根据《{TITLE}》，结合本单位职责，制定本实施方案。")
    document.add_heading("重点举措", level=2)
    for number, measure in enumerate(measures, start=1):
        document.add_paragraph(f"{number}. {measure.text}")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(
        f"{unit.short_name or unit.name}实施方案（第{version}稿）.docx", buffer.getvalue()
    )


def _measures(unit: Unit, plan: WorkPlan, version: int) -> list[MeasureData]:
    tasks = list(Task.objects.filter(plan=plan, lead_unit=unit).order_by("sort_order", "pk")[:4])
    measures = [
        MeasureData(
            text=f"落实“{task.title}”：明确分管领导和责任科室，细化季度工作安排",
            task=task,
            due_date=task.due_date,
        )
        for task in tasks
    ]
    measures.append(MeasureData(text="建立月度调度制度，每月底前向领导小组办公室报送工作进展"))
    if version > 1:
        measures.append(MeasureData(text="将实施方案落实情况纳入本单位年度目标考核", due_date=d(12, 31)))
    return measures


def _backdate(plan: ImplementationPlan, step: Step) -> None:
    moment = demo_moment(step.on, 10 if step.action == "submit" else 16)
    event = TimelineEvent.objects.for_object(plan).order_by("-pk").first()
    TimelineEvent.objects.filter(pk=event.pk).update(created_at=moment)
    version = plan.versions.order_by("-number").first()
    if step.action == "submit":
        ImplementationPlanVersion.objects.filter(pk=version.pk).update(submitted_at=moment)
    else:
        ImplementationPlanVersion.objects.filter(pk=version.pk).update(reviewed_at=moment)


@register_demo("targets-implementation", order=21)
def load(stdout) -> list:
    plan = WorkPlan.objects.filter(year=YEAR, title=TITLE).first()
    if plan is None or plan.implementation_plans.exists():
        stdout.write("targets: implementation plans already present or no demo plan, left unchanged")
        return []
    WorkPlan.objects.filter(pk=plan.pk).update(implementation_plans_due=DUE)
    plan.refresh_from_db()
    office = User.objects.get(username=OFFICE_USERNAME)
    units = list(expected_units(plan))
    for unit, steps in zip(units[: max(len(units) - MISSING, 0)], SCENARIOS * 10, strict=False):
        person = _reporter(unit, office)
        implementation, version = None, 0
        for step in steps:
            if step.action == "submit":
                version += 1
                measures = _measures(unit, plan, version)
                implementation = implementation_submit(
                    work_plan=plan,
                    unit=unit,
                    by=person,
                    title=f"{unit.name}{YEAR}年示范区长效管理工作实施方案",
                    summary="一、指导思想和工作目标\n二、重点举措\n三、保障措施"
                    + ("\n四、考核与督查" if version > 1 else ""),
                    document=_document(unit, version, measures),
                    measures=measures,
                )
                if version == 1:
                    ImplementationPlan.objects.filter(pk=implementation.pk).update(
                        first_submitted_on=step.on, on_time=step.on <= DUE
                    )
            elif step.action == "return":
                implementation_return(implementation_plan=implementation, by=office, comment=step.comment)
            else:
                implementation_accept(implementation_plan=implementation, by=office, comment=step.comment)
            _backdate(implementation, step)
    plans = ImplementationPlan.objects.filter(work_plan=plan)
    stdout.write(
        f"targets: {plans.count()} implementation plans of {len(units)} expected ("
        + ", ".join(
            f"{state} {plans.filter(state=state).count()}" for state in ImplementationPlan.State.values
        )
        + f", late {plans.filter(on_time=False).count()})"
    )
    return []
