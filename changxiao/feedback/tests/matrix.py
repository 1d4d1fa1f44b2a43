"""The authorization matrix's cases for feedback: every page, form and endpoint, for every persona."""

from django.urls import reverse

from changxiao.core.tests.authz import EVERYONE, MANAGES_VENUE_POST, SEES_VENUE, Case, expect


def _venue_feedback(w):
    """A citizen's complaint about the 姑苏区 cultural centre, routed to the centre."""
    from changxiao.feedback.models import Category, RoutingRule
    from changxiao.feedback.tests.factories import FeedbackFactory

    category = Category.objects.create(owner=w.city, name="设施")
    RoutingRule.objects.create(owner=w.city, venue=w.venue_unit, unit=w.venue_unit)
    return FeedbackFactory(
        kind="complaint", category=category, region=w.gusu, venue=w.venue_unit, content="电梯坏了没人修"
    )


def _venue_feedback_to_follow_up(w):
    """The complaint, escalated, its finding verified, the outcome told and rated 不满意 by the citizen."""
    from changxiao.feedback.models import FeedbackItem

    item = _venue_feedback(w)
    FeedbackItem.objects.filter(pk=item.pk).update(
        state="closed", outcome="rectified", outcome_rating="unsatisfied", needs_follow_up=True
    )
    return item


def _open_venue_demand(w):
    from changxiao.feedback.services import item_open_to_social

    item = _venue_feedback(w)
    item.kind = "demand"
    item.save(update_fields=["kind"])
    return item_open_to_social(item=item, by=w.office)


def _social_offer(w):
    from changxiao.feedback.models import SocialOffer
    from changxiao.orgs.models import Unit

    unit = Unit.objects.create(code="SO-M", name="志愿者协会", kind="social_organization", region=w.gusu)
    return SocialOffer.objects.create(item=_open_venue_demand(w), unit=unit, plan="愿意承办")


def _shipped_category(w):
    from changxiao.feedback.models import Category

    return Category.objects.create(owner=None, name="其他").pk


def _feedback_rule(w):
    from changxiao.feedback.models import RoutingRule

    return RoutingRule.objects.create(owner=w.city, region=w.kunshan, unit=w.outsider_unit).pk


def _venue_feedback_transfer(w):
    from changxiao.feedback.services import transfer_request

    return transfer_request(item=_venue_feedback(w), by=w.venue, reason="不属于本馆")


def _district_feedback_transfer(w):
    """The 姑苏区 bureau handles an item of its district and asks to transfer it: the city's office decides."""
    from changxiao.feedback.models import Category, RoutingRule
    from changxiao.feedback.services import transfer_request
    from changxiao.feedback.tests.factories import FeedbackFactory

    category = Category.objects.create(owner=w.city, name="开放时间")
    RoutingRule.objects.create(owner=w.city, region=w.gusu, unit=w.district_unit)
    item = FeedbackFactory(category=category, region=w.gusu, content="希望周一也开放")
    return transfer_request(item=item, by=w.district, reason="属于场馆自身管理")


def _public_feedback_body(w) -> dict:
    """The public form filled in by a citizen: a suggestion about the 姑苏区 cultural centre, with a phone number."""
    from changxiao.feedback.models import Category

    return {
        "kind": "suggestion",
        "category": Category.objects.create(owner=w.city, name="活动").pk,
        "region": w.gusu.pk,
        "venue": w.venue_unit.pk,
        "content": "希望周末晚上延长开放时间",
        "name": "王先生",
        "phone": "13912345678",
        "website": "",
    }


CASES: list[Case] = [
    Case("feedback:queue", lambda w: reverse("feedback:queue"), EVERYONE),
    # 反馈设置: each office its own jurisdiction's (the second city's office 无锡市's); 苏州市's asked by name is 404.
    Case("feedback:settings", lambda w: reverse("feedback:settings"), expect(403, office=200, office2=200)),
    Case(
        "feedback:settings",
        lambda w: reverse("feedback:settings") + f"?region={w.city.pk}",
        expect(403, office=200),
        label="the city's",
    ),
    Case("feedback:insight", lambda w: reverse("feedback:insight"), EVERYONE),
    Case("feedback:open_demands", lambda w: reverse("feedback:open_demands"), EVERYONE),
    Case(
        "feedback:item_open_to_social",
        lambda w: reverse("feedback:item_open_to_social", args=[_venue_feedback(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, office=302, district=302, venue=302),
        method="post",
    ),
    Case(
        "feedback:social_offer",
        lambda w: reverse("feedback:social_offer", args=[_open_venue_demand(w).pk]),
        expect(403),
        method="post",
        data={"unit": "1", "plan": "愿意承办"},
    ),
    Case(
        "feedback:social_offer_accept",
        lambda w: reverse("feedback:social_offer_accept", args=[_social_offer(w).pk]),
        MANAGES_VENUE_POST,
        method="post",
    ),
    Case(
        "feedback:social_outcome",
        lambda w: reverse("feedback:social_outcome", args=[_venue_feedback(w).pk]),
        MANAGES_VENUE_POST,
        method="post",
        data={"outcome": "已满足"},
    ),
    Case(
        "feedback:settings_save",
        lambda w: reverse("feedback:settings_save", args=["category"]),
        expect(403, office=302, office2=302),  # a category of the person's own jurisdiction
        method="post",
        data={"category-name": "新类别"},
    ),
    Case(
        "feedback:settings_save",
        lambda w: reverse("feedback:settings_save", args=["category"]) + f"?region={w.city.pk}",
        expect(403, office=302),
        method="post",
        data={"category-name": "新类别"},
        label="a category of the city",
    ),
    Case(
        "feedback:settings_save",
        lambda w: reverse("feedback:settings_save", args=["rule"]),
        # The second city's office is offered only its own places and units: the form again, nothing saved.
        expect(403, office=302, office2=200),
        method="post",
        data=lambda w: {"rule-region": w.gusu.pk, "rule-unit": w.district_unit.pk},
        label="a routing rule",
    ),
    Case(
        "feedback:settings_save",
        lambda w: reverse("feedback:settings_save", args=["complaint"]),
        expect(403, office=302, office2=302),
        method="post",
        data={"complaint-acknowledge_workdays": 2, "complaint-answer_workdays": 10},
        label="the deadlines of a kind",
    ),
    Case(
        "feedback:category_toggle",
        lambda w: reverse("feedback:category_toggle", args=[_venue_feedback(w).category_id]),
        expect(403, office=302),
        method="post",
    ),
    Case(  # a category shipped with the platform: everyone reads it, no office changes it
        "feedback:category_toggle",
        lambda w: reverse("feedback:category_toggle", args=[_shipped_category(w)]),
        expect(403, office2=403),
        method="post",
        label="a shipped category",
    ),
    Case(
        "feedback:rule_delete",
        lambda w: reverse("feedback:rule_delete", args=[_feedback_rule(w)]),
        expect(403, office=302),
        method="post",
    ),
    Case(
        "feedback:metric_records",
        lambda w: (
            reverse("feedback:metric_records", args=["feedback.answered_on_time_rate"])
            + f"?unit={w.venue_unit.pk}&year=2026"
        ),
        SEES_VENUE,
    ),
    Case(
        "feedback:item_detail",
        lambda w: reverse("feedback:item_detail", args=[_venue_feedback(w).pk]),
        SEES_VENUE,
    ),
    Case(
        "feedback:item_acknowledge",
        lambda w: reverse("feedback:item_acknowledge", args=[_venue_feedback(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=302),
        method="post",
    ),
    Case(
        "feedback:item_reply",
        lambda w: reverse("feedback:item_reply", args=[_venue_feedback(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=302),
        method="post",
        data={"text": "已处理", "public": "on"},
    ),
    Case(
        "feedback:item_assign",
        lambda w: reverse("feedback:item_assign", args=[_venue_feedback(w).pk]),
        MANAGES_VENUE_POST,
        method="post",
        data={},
    ),
    Case(
        "feedback:transfer_request",
        lambda w: reverse("feedback:transfer_request", args=[_venue_feedback(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=302),
        method="post",
        data={"reason": "不属于本馆"},
    ),
    Case(
        "feedback:transfer_decide",
        lambda w: reverse("feedback:transfer_decide", args=[_venue_feedback_transfer(w).pk]),
        MANAGES_VENUE_POST,
        method="post",
        data={"decision": "refuse", "reason": "电梯属文化馆管理"},
    ),
    # The unit that asked never decides its own request, even when it is the office of its district.
    Case(
        "feedback:transfer_decide",
        lambda w: reverse("feedback:transfer_decide", args=[_district_feedback_transfer(w).pk]),
        expect(404, office=302, district=403, leader=403),
        method="post",
        data={"decision": "refuse", "reason": "开放时间由区里统筹"},
        label="the district's own request",
    ),
    Case(
        "feedback:item_escalate",
        lambda w: reverse("feedback:item_escalate", args=[_venue_feedback(w).pk]),
        MANAGES_VENUE_POST,
        method="post",
    ),
    Case(
        "feedback:item_follow_up",
        lambda w: reverse("feedback:item_follow_up", args=[_venue_feedback_to_follow_up(w).pk]),
        MANAGES_VENUE_POST,
        method="post",
        data={"text": "已责成文化馆更换整机，下周复查"},
    ),
    Case(
        "feedback:reveal_phone",
        lambda w: reverse("feedback:reveal_phone", args=[_venue_feedback(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=200),
        method="post",
    ),
    # The public site answers everyone alike, signed in or not, of whichever city.
    Case(
        "public:feedback_submit",
        lambda w: reverse("public:feedback_submit"),
        expect(200, anonymous=200, office2=200),
    ),
    Case(
        "public:feedback_submit",
        lambda w: reverse("public:feedback_submit"),
        expect(302, anonymous=302, office2=302),  # to the receipt with the tracking code: anyone may write in
        method="post",
        data=_public_feedback_body,
    ),
    Case(
        "public:feedback_lookup",
        lambda w: reverse("public:feedback_lookup"),
        expect(200, anonymous=200, office2=200),
    ),
    Case(
        "public:feedback_receipt",
        lambda w: reverse("public:feedback_receipt", args=[_venue_feedback(w).code]),
        expect(200, anonymous=200, office2=200),
    ),
    Case(
        "public:feedback_track",
        lambda w: reverse("public:feedback_track", args=[_venue_feedback(w).code]),
        expect(200, anonymous=200, office2=200),
    ),
    Case(
        "public:feedback_evaluate",
        lambda w: reverse("public:feedback_evaluate", args=[_venue_feedback(w).code]),
        expect(302, anonymous=302, office2=302),
        method="post",
        data={"rating": "satisfied"},
    ),
    Case("api:list_feedback", lambda w: "/api/v1/feedback", expect(200, anonymous=401, office2=200)),
    Case(
        "api:reply_feedback",
        lambda w: f"/api/v1/feedback/{_venue_feedback(w).pk}/replies",
        {**expect(403, member=404, inspector=404, outsider=404, venue=201), "anonymous": 401},
        method="post",
        data={"text": "已处理"},
        json=True,
    ),
    Case(
        "api:track_feedback",
        lambda w: f"/api/v1/public/feedback/{_venue_feedback(w).code}",
        expect(200, anonymous=200, office2=200),
    ),
    Case(
        "api:submit_feedback",
        lambda w: "/api/v1/public/feedback",
        expect(422, anonymous=422, office2=422),
        method="post",
        data={"kind": "demand"},
        json=True,
    ),
]
