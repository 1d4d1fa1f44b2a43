"""`manage.py load_demo`: the shipped indicator sets, last year's published round, this year's in self-report with
sheets submitted, returned and in draft, and a cancelled round."""

from django.core.management import call_command

from changxiao.assessment.models import DISTRICT_KINDS, AssessmentRound, HonourList, IndicatorSet, Submission


def test_demo_assessment(demo):
    assert IndicatorSet.objects.count() == 2
    published, current = AssessmentRound.objects.current().order_by("year")
    assert published.phase == "published" and current.phase == "self_report"
    # This year's self-reports show every state; a round created by mistake stays on record, cancelled.
    states = set(current.participants.values_list("self_report_state", flat=True))
    assert states == {"draft", "submitted", "returned"}
    assert not published.participants.exclude(self_report_state="submitted").exists()
    assert AssessmentRound.objects.cancelled().get().cancel_reason
    ranks = list(published.participants.order_by("final_rank").values_list("final_rank", flat=True))
    assert ranks[0] == 1 and all(rank is not None for rank in ranks)
    assert published.objections.exclude(answer="").exists()
    assert current.participants.filter(submissions__value__isnull=False).exists()
    # This year's public satisfaction of the districts comes from the demo survey's responses.
    satisfaction = Submission.objects.filter(
        participant__assessment_round=current,
        indicator__code="6.3",
        participant__unit__kind__in=DISTRICT_KINDS,
    )
    assert satisfaction.count() > 3 and not satisfaction.filter(value__isnull=True).exists()
    assert HonourList.objects.filter(published_at__isnull=False, nominations__state="awarded").exists()
    call_command("load_demo", verbosity=0)
    assert AssessmentRound.objects.count() == 3
