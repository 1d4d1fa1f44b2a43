"""任务分解通知 (Word): a work plan's task breakdown, as the office sends it to the units.

The opening sentence cites the plan's basis document only when there is one (根据《…》，现将…), and says how often
progress is reported in the words of the schedule's own label (按季度), so nothing is said twice or left empty.
"""

from changxiao.core import numbers
from changxiao.core.deadlines import local_today
from changxiao.core.documents import (
    book_title,
    document_language,
    joined,
    official_date,
    render_docx,
    unbracketed,
)

from .models import WorkPlan

TEMPLATE = "targets/task_notice.docx"


def task_notice_context(plan: WorkPlan) -> dict:
    tasks = (
        plan.tasks.select_related("lead_unit")
        .prefetch_related("cooperating_units")
        .order_by("sort_order", "number", "pk")
    )
    with document_language():
        rows = [
            {
                "number": task.number,
                "title": task.title,
                "mechanism": task.get_mechanism_display(),
                "lead": task.lead_unit.name,
                "cooperating": joined(u.name for u in task.cooperating_units.all()),
                "due": official_date(task.due_date),
                "deliverables": task.deliverables or numbers.EMPTY,
            }
            for task in tasks
        ]
        return {
            "plan_title": unbracketed(plan.title),
            "region": plan.region.name,
            "year": plan.year,
            "source": book_title(plan.source_document),
            # The labels are adverbials (按月, 按季度): the template puts no 按 of its own before them.
            "schedule": plan.get_report_schedule_display(),
            "rows": rows,
            "count": numbers.integer(len(rows)),
            "date": official_date(local_today()),
        }


def task_notice(plan: WorkPlan) -> bytes:
    return render_docx(TEMPLATE, task_notice_context(plan))
