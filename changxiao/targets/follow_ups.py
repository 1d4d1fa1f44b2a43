"""Tasks asked for by other apps through core's seam: a leading-group decision to follow up (core.events
.follow_up_task_open, asked by the cockpit's meeting snapshots) becomes a task of the jurisdiction's work plan."""

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from changxiao.core.events import FollowUpTaskOpened, FollowUpTaskRequest
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.scope import within

from .choices import Mechanism, TaskStatus
from .models import Task, WorkPlan
from .services import task_create


def task_open_from_decision(*, request: FollowUpTaskRequest) -> FollowUpTaskOpened:
    """A task of the region's (first standing) work plan of the year, led by the unit named, created by the person
    asking (task_create checks they manage the plan): refused when the jurisdiction has no plan for the year."""
    by = User.objects.get(pk=request.by_id)
    region = Region.objects.get(pk=request.region_id)
    plan = WorkPlan.objects.current().filter(region=region, year=request.year).order_by("pk").first()
    if plan is None:
        raise ValidationError(
            _("%(region)s has no work plan for %(year)s: create it in the target system first.")
            % {"region": region.name, "year": request.year}
        )
    lead_unit = Unit.objects.filter(within(region), pk=request.lead_unit_id).first()
    if lead_unit is None:
        raise ValidationError({"lead_unit": _("The lead unit must be a unit of the jurisdiction.")})
    last = plan.tasks.aggregate(last=Max("sort_order"))["last"] or 0
    description = f"{request.description}\n\n{_('From the leading-group decision')} {request.source_ref}: {request.source_url}"
    task = Task(
        plan=plan,
        title=request.title,
        description=description.strip(),
        mechanism=Mechanism.ORGANIZATION,
        lead_unit=lead_unit,
        due_date=request.due_date,
        status=TaskStatus.NOT_STARTED,
        sort_order=min(last + 1, 999_999),
    )
    task = task_create(by=by, task=task, cooperating_units=[])
    return FollowUpTaskOpened(
        task_id=task.pk, reference=str(task) or f"#{task.pk}", url=task.get_absolute_url()
    )
