"""Targets' year in the province (core.province): each city's work plan with tasks led by the county bureaus and
township stations (10,000 at scale 1), six in ten completed (on time or a few days late), the others under way."""

from datetime import date, timedelta

from changxiao.core.province import BATCH, Province, register_province

from .models import Task, WorkPlan

TASKS = 10_000


@register_province("targets", order=200)
def generate(province: Province) -> dict[str, int]:
    tree, year = province.tree, province.year
    parent_of = tree["parent_of"]
    plans = WorkPlan.objects.bulk_create(
        WorkPlan(region=c, year=year, title=f"{year}年长效管理工作计划", created_by=province.admin)
        for c in tree["cities"]
    )
    plan_of_city = {p.region_id: p for p in plans}

    def city_of(region_id: int) -> int:
        while parent_of.get(region_id) in parent_of:
            region_id = parent_of[region_id]
        return region_id

    leads = tree["bureaus"] + tree["stations"]
    rng = province.rng("targets")
    tasks = []
    for n in range(province.volume(TASKS)):
        lead = leads[n % len(leads)]
        done = rng.random() < 0.6
        due = date(year, 1 + n % 12, 20)
        tasks.append(
            Task(
                plan=plan_of_city[city_of(lead.region_id)],
                number=f"{n + 1}",
                title=f"任务{n + 1}",
                mechanism="organization",
                lead_unit=lead,
                due_date=due,
                status="completed" if done else "in_progress",
                percent=100 if done else 50,
                completed_on=min(due + timedelta(days=rng.choice([-3, 2, 5])), province.today)
                if done
                else None,
            )
        )
    Task.objects.bulk_create(tasks, batch_size=BATCH)
    return {"work plans": len(plans), "tasks": len(tasks)}
