"""Excel import of a plan's task breakdown table (任务分解表): all rows or none, errors row by row."""

import dataclasses
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.bounds import check_deadline
from changxiao.core.imports import (
    ImportColumn,
    ImportCounts,
    ImportDefinition,
    ImportRow,
    RowError,
    choice_labels,
    choice_parser,
    choices_lookup,
    decimal_parser,
    parse_date,
    register_import,
    text_parser,
)
from changxiao.orgs.models import Unit

from . import services
from .choices import Mechanism, TaskStatus
from .models import Task, WorkPlan
from .permissions import get_plan_for_user

MECHANISM_ALIASES = {
    Mechanism.ORGANIZATION: ("组织", "组织机制"),
    Mechanism.SUPERVISION: ("督查", "督查机制"),
    Mechanism.ASSESSMENT: ("考核", "考核机制"),
    Mechanism.GUARANTEE: ("保障", "保障机制"),
    Mechanism.LINKAGE: ("联动", "城乡联动", "城乡联动机制", "城乡联动共创机制"),
    Mechanism.EVALUATION: ("评价", "反馈", "群众评价", "群众评价和反馈机制", "反馈机制"),
}
UNIT_SEPARATORS = re.compile(r"[、,，;；/\n]+")


def parse_number(raw: str) -> str:
    if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,19}", raw):
        raise ValidationError(_("A number like 2.3 (digits, letters, '.' or '-')."))
    return raw


def parse_unit_names(raw: str) -> list[str]:
    return [name.strip() for name in UNIT_SEPARATORS.split(raw) if name.strip()]


COLUMNS = [
    ImportColumn(
        "number",
        gettext_lazy("Number"),
        required=True,
        parse=parse_number,
        text=True,
        example="2.3",
        aliases=("序号", "编号"),
    ),
    ImportColumn(
        "title",
        gettext_lazy("Task"),
        required=True,
        parse=text_parser(300),
        example="开展公共文化设施免费开放专项督查",
        width=40,
        aliases=("任务名称", "工作任务"),
    ),
    ImportColumn(
        "parent_number",
        gettext_lazy("Parent task number"),
        parse=parse_number,
        text=True,
        example="",
        aliases=("上级任务序号",),
        help_text=gettext_lazy(
            "For a sub-task: the number of a top-level task of this plan or of this file."
        ),
    ),
    ImportColumn(
        "mechanism",
        gettext_lazy("Mechanism"),
        required=True,
        parse=choice_parser(choices_lookup(Mechanism, MECHANISM_ALIASES), choice_labels(Mechanism)),
        choices=choice_labels(Mechanism),
        example="督查机制",
        aliases=("所属机制",),
    ),
    ImportColumn(
        "lead_unit",
        gettext_lazy("Lead unit"),
        required=True,
        parse=text_parser(100),
        example="苏州市文化广电和旅游局",
        width=28,
        aliases=("牵头单位", "牵头部门"),
        help_text=gettext_lazy("The unit's name, short name or code; a unit you manage."),
    ),
    ImportColumn(
        "cooperating_units",
        gettext_lazy("Cooperating units"),
        parse=parse_unit_names,
        example="苏州市财政局、苏州市教育局",
        width=32,
        aliases=("配合单位", "配合部门", "责任单位"),
        help_text=gettext_lazy("Names separated by 、 or commas."),
    ),
    ImportColumn(
        "due_date",
        gettext_lazy("Due date"),
        required=True,
        parse=parse_date,
        example="2026-06-30",
        aliases=("完成时限", "完成时间"),
    ),
    ImportColumn(
        "weight",
        gettext_lazy("Weight"),
        parse=decimal_parser(max_digits=5, decimal_places=2, min_value=Decimal("0.01")),
        example="1",
        aliases=("权重",),
        help_text=gettext_lazy("Empty means 1."),
    ),
    ImportColumn(
        "deliverables",
        gettext_lazy("Deliverables"),
        parse=text_parser(2000),
        example="专项督查通报",
        width=30,
        aliases=("工作成果", "成果形式"),
    ),
    ImportColumn(
        "description",
        gettext_lazy("Description"),
        parse=text_parser(5000),
        example="",
        width=30,
        aliases=("任务说明", "工作要求"),
    ),
]


def _unit_table(user) -> dict[str, Unit]:
    table: dict[str, Unit] = {}
    for unit in Unit.objects.managed_by(user).active():
        for name in (unit.code, unit.name, unit.short_name):
            if name:
                table.setdefault(name, unit)
    return table


def validate_tasks(user, rows: list[ImportRow], *, plan: WorkPlan) -> list[RowError]:
    errors: list[RowError] = []
    units = _unit_table(user)
    existing = dict(plan.tasks.values_list("number", "parent_id"))
    numbers_in_file: dict[str, ImportRow] = {}
    for row in rows:
        number = row["number"]
        if number in numbers_in_file:
            errors.append(
                row.error(
                    "number",
                    _("This number appears twice in the file (also row %(row)d).")
                    % {"row": numbers_in_file[number].number},
                )
            )
        elif number in existing:
            errors.append(row.error("number", _("The plan already has a task with this number.")))
        numbers_in_file.setdefault(number, row)
        if row["lead_unit"] not in units:
            errors.append(row.error("lead_unit", _("No unit of this name in your jurisdiction.")))
        for name in row["cooperating_units"] or []:
            if name not in units:
                errors.append(
                    row.error(
                        "cooperating_units",
                        _("No unit named “%(name)s” in your jurisdiction.") % {"name": name},
                    )
                )
            elif units.get(row["lead_unit"]) == units[name]:
                errors.append(
                    row.error("cooperating_units", _("The lead unit cannot also be a cooperating unit."))
                )
        if row["due_date"] < plan.first_day:
            errors.append(row.error("due_date", _("The due date falls before the plan's year.")))
        else:
            try:
                check_deadline(row["due_date"])
            except ValidationError as exc:
                errors.append(row.error("due_date", exc.messages[0]))
    for row in rows:
        parent = row["parent_number"]
        if not parent:
            continue
        in_file = numbers_in_file.get(parent)
        if in_file is not None:
            if in_file["parent_number"]:
                errors.append(row.error("parent_number", _("A sub-task's parent must be a top-level task.")))
        elif parent in existing:
            if existing[parent] is not None:
                errors.append(row.error("parent_number", _("A sub-task's parent must be a top-level task.")))
        else:
            errors.append(row.error("parent_number", _("No task with this number in the plan or the file.")))
    return errors


def apply_tasks(user, rows: list[ImportRow], *, plan: WorkPlan) -> ImportCounts:
    units = _unit_table(user)
    by_number = {t.number: t for t in plan.tasks.filter(parent__isnull=True)}
    ordered = sorted(rows, key=lambda r: (bool(r["parent_number"]), r.number))
    for order, row in enumerate(ordered, start=1):
        with row.reporting():
            task = Task(
                plan=plan,
                parent=by_number.get(row["parent_number"]) if row["parent_number"] else None,
                number=row["number"],
                title=row["title"],
                mechanism=row["mechanism"],
                lead_unit=units[row["lead_unit"]],
                due_date=row["due_date"],
                weight=row["weight"] or Decimal("1"),
                deliverables=row["deliverables"] or "",
                description=row["description"] or "",
                status=TaskStatus.NOT_STARTED,
                sort_order=plan.tasks.count() + order,
            )
            cooperating = [units[name] for name in row["cooperating_units"] or []]
            services.task_create(by=user, task=task, cooperating_units=cooperating)
            if not task.parent_id:
                by_number[task.number] = task
    return ImportCounts(created=len(rows))


BASE = ImportDefinition(
    name="targets-tasks",
    title=gettext_lazy("Task breakdown"),
    columns=COLUMNS,
    can_import=lambda user: False,  # only ever used bound to a plan
    validate_rows=lambda user, rows: [],
    apply=lambda user, rows: ImportCounts(),
    notes=(
        gettext_lazy("One row per task; a sub-task names its parent's number."),
        gettext_lazy("Units are written by name, short name or code, as in the unit list."),
        gettext_lazy("Tasks are added to the plan; a number the plan already has is refused."),
    ),
)


def _for_plan(user, plan_id: int) -> ImportDefinition:
    plan = get_plan_for_user(user, plan_id, write=True)
    return dataclasses.replace(
        BASE,
        title=f"{BASE.title}：{plan.title}",
        can_import=lambda u: True,
        validate_rows=lambda u, rows: validate_tasks(u, rows, plan=plan),
        apply=lambda u, rows: apply_tasks(u, rows, plan=plan),
        return_url=plan.get_absolute_url(),
    )


register_import(dataclasses.replace(BASE, for_target=_for_plan, return_url=reverse_lazy("targets:plan_list")))
