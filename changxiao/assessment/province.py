"""Assessment in the province (core.province): each city's round of the year on the shipped indicator set, in
self-report, its county bureaus the participants, each with a (draft or submitted) self-report row per indicator."""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from changxiao.core.province import BATCH, Province, register_province

from .choices import Phase, SelfReportState
from .indicator_data import load_shipped
from .models import AssessmentRound, Indicator, Participant, Submission

SHARES = (Decimal(1), Decimal(1), Decimal("0.8"))


@register_province("assessment", order=300, occupied_by=("assessment.AssessmentRound",))
def generate(province: Province) -> dict[str, int]:
    tree, year = province.tree, province.year
    indicator_set = load_shipped()[0][0]
    indicators = list(Indicator.objects.filter(indicator_set=indicator_set))
    rounds = AssessmentRound.objects.bulk_create(
        AssessmentRound(
            title=f"{city.name}{year}年度长效管理考核",
            year=year,
            region=city,
            indicator_set=indicator_set,
            phase=Phase.SELF_REPORT,
            self_report_due=date(year, 12, 15),
            review_due=date(year, 12, 25),
            final_due=date(year, 12, 31),
            created_by=province.admin,
        )
        for city in tree["cities"]
    )
    round_of = {r.region_id: r for r in rounds}
    rng = province.rng("assessment")
    participants = []
    for bureau in tree["bureaus"]:
        submitted = rng.random() < 0.5
        participants.append(
            Participant(
                assessment_round=round_of[bureau.region.parent_id],
                unit=bureau,
                self_report_state=SelfReportState.SUBMITTED if submitted else SelfReportState.DRAFT,
                submitted_at=timezone.make_aware(datetime.combine(province.today, time(9)))
                if submitted
                else None,
                submitted_by=province.admin if submitted else None,
            )
        )
    participants = Participant.objects.bulk_create(participants)
    submissions = Submission.objects.bulk_create(
        (
            Submission(participant=p, indicator=i, self_points=i.max_points * rng.choice(SHARES))
            for p in participants
            for i in indicators
        ),
        batch_size=BATCH,
    )
    return {
        "assessment rounds": len(rounds),
        "participants": len(participants),
        "self-report rows": len(submissions),
    }
