"""The feedback channel: a citizen's complaint routed, answered, rated, reopened and escalated; personal data kept
encrypted and masked; bad and hostile input refused with a clear message."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from changxiao.core.models import Attachment
from changxiao.feedback import services
from changxiao.feedback.models import Category, FeedbackItem, PhoneView, RoutingRule, TransferRequest
from changxiao.feedback.tests.factories import FeedbackFactory

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def categories(world):
    facilities = Category.objects.create(name="设施设备", sort_order=1)
    hours = Category.objects.create(name="开放时间", sort_order=2)
    # 姑苏区 items go to its culture bureau; items about the cultural centre go to the centre itself.
    RoutingRule.objects.create(owner=world.city, region=world.gusu, unit=world.district_unit)
    RoutingRule.objects.create(
        owner=world.city, category=facilities, venue=world.venue_unit, unit=world.venue_unit
    )
    return {"facilities": facilities, "hours": hours}


def submit(client, world, categories, **extra):
    data = {
        "kind": "complaint",
        "category": categories["facilities"].pk,
        "region": world.gusu.pk,
        "venue": world.venue_unit.pk,
        "content": "文化馆二楼电梯坏了一个月没人修",
        "name": "王先生",
        "phone": "138 1234 5678",
        "photos": [SimpleUploadedFile("电梯.png", PNG, content_type="image/png")],
    } | extra
    return client.post(
        reverse("public:feedback_submit"), data, follow=True, REMOTE_ADDR=extra.pop("ip", "10.0.0.1")
    )


def test_the_venue_picker_groups_venues_by_district(world, client, categories):
    body = client.get(reverse("public:feedback_submit"), {"city": world.city.pk}).content.decode()
    picker = body[body.index('name="venue"') : body.index("</select>", body.index('name="venue"'))]
    assert picker.index('<optgroup label="姑苏区">') < picker.index(world.venue_unit.name)
    assert picker.index(world.station_unit.name) < picker.index('<optgroup label="昆山市">')
    assert picker.index('<optgroup label="昆山市">') < picker.index(world.outsider_unit.name)


def test_routing_prefers_the_most_specific_rule(world, categories):
    assert services.route(categories["facilities"], world.gusu, world.venue_unit) == world.venue_unit
    assert services.route(categories["hours"], world.gusu, world.venue_unit) == world.district_unit
    assert services.route(categories["hours"], world.pingjiang, None) == world.district_unit
    assert services.route(categories["hours"], world.kunshan, None) is None


def test_complaint_answered_rated_reopened_and_escalated(world, login, client, categories):
    response = submit(client, world, categories)
    item = FeedbackItem.objects.get()
    assert response.redirect_chain[-1][0] == reverse("public:feedback_receipt", args=[item.code])
    assert item.code in response.content.decode()
    assert (item.unit, item.state, item.phone_masked) == (world.venue_unit, "assigned", "138****5678")
    assert Attachment.objects.for_object(item).count() == 1
    assert world.venue.notifications.filter(title__contains=item.code).exists()

    venue = login(world.venue)
    venue.post(
        reverse("feedback:item_reply", args=[item.pk]), {"text": "已联系厂家，本周内修复", "public": "on"}
    )
    item.refresh_from_db()
    assert item.state == "answered" and item.answered_on_time is True

    client.logout()
    client.post(
        reverse("public:feedback_evaluate", args=[item.code]),
        {"rating": "unsatisfied", "comment": "还是坏的"},
    )
    item.refresh_from_db()
    assert (item.state, item.reopen_count) == ("assigned", 1)

    venue = login(world.venue)
    venue.post(reverse("feedback:item_reply", args=[item.pk]), {"text": "电梯已修复", "public": "on"})
    client.logout()
    client.post(reverse("public:feedback_evaluate", args=[item.code]), {"rating": "unsatisfied"})
    item.refresh_from_db()
    assert (item.state, item.unsatisfied_count) == ("answered", 2)

    office = login(world.office)
    page = office.get(item.get_absolute_url())
    assert page.context["can_escalate"]
    response = office.post(reverse("feedback:item_escalate", args=[item.pk]), follow=True)
    item.refresh_from_db()
    assert item.state == "escalated" and item.finding is not None
    assert item.finding.lead_unit == world.venue_unit and item.finding.inspection.kind == "feedback"
    assert response.redirect_chain[-1][0] == item.finding.get_absolute_url()
    assert (item.finding.source, item.finding.source_ref) == ("feedback", item.code)
    assert item.code in office.get(item.finding.get_absolute_url()).content.decode()

    # The tracking page tells the whole story, without personal data.
    client.logout()
    page = client.get(item.get_tracking_url()).content.decode()
    for text in ("已联系厂家，本周内修复", "电梯已修复", "转为督查问题"):
        assert text in page
    assert "王先生" not in page and "138" not in page and "电梯.png" not in page


def test_phone_numbers_are_encrypted_at_rest_and_views_logged(world, login, client, categories):
    submit(client, world, categories)
    item = FeedbackItem.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM feedback_feedbackitem")
        raw = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert "13812345678" not in raw and "5678" in raw  # only the masked form is readable
    office = login(world.office)
    assert office.post(reverse("feedback:reveal_phone", args=[item.pk])).status_code == 403
    response = login(world.venue).post(reverse("feedback:reveal_phone", args=[item.pk]))
    assert "13812345678" in response.content.decode()
    assert PhoneView.objects.get().viewer == world.venue


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"phone": "12345"}, "11位手机号"),
        ({"content": "差"}, "至少"),
        ({"photos": [SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n")]}, "JPG"),
        ({"photos": [SimpleUploadedFile("x.png", b"MZ\x90\x00")]}, "x.png"),
        ({"website": "http://spam.example"}, "无法受理"),
        ({"region": "999999"}, "选择一个有效的选项"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(world, client, categories, extra, message):
    response = submit(client, world, categories, **extra)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FeedbackItem.objects.exists() and not Attachment.objects.exists()


def test_oversized_photos_are_refused(world, client, categories, settings):
    settings.ATTACHMENT_MAX_BYTES = 50
    response = submit(client, world, categories)
    assert not FeedbackItem.objects.exists()
    assert "电梯.png" in response.content.decode()


def test_the_same_message_resubmitted_is_stored_once(world, client, categories):
    first = submit(client, world, categories)
    second = submit(client, world, categories, content="文化馆二楼电梯坏了一个月没人修！！")
    assert FeedbackItem.objects.count() == 1
    assert first.redirect_chain[-1][0] == second.redirect_chain[-1][0]
    submit(client, world, categories, ip="10.0.0.2")  # another person, same words: accepted
    assert FeedbackItem.objects.count() == 2


def test_typing_mistakes_do_not_count_against_the_budget(world, client, categories):
    """A resident who gets the phone number wrong a dozen times is never locked out: only accepted messages count."""
    client.get(reverse("public:feedback_submit"))
    for _ in range(12):
        refused = submit(client, world, categories, phone="12345")
        assert refused.status_code == 200 and "11位手机号" in refused.content.decode()
    accepted = submit(client, world, categories)
    assert accepted.redirect_chain and FeedbackItem.objects.count() == 1


def test_residents_behind_one_address_each_send_their_message(world, categories):
    """A library's Wi-Fi: twelve residents, one address, each with their own phone, all within a minute."""
    from django.test import Client

    for i in range(12):
        resident = Client()
        resident.get(reverse("public:feedback_submit"))  # the page gives the phone its device cookie
        response = submit(resident, world, categories, content=f"第{i}位读者：阅览室空调太冷了")
        assert response.redirect_chain, i
    assert FeedbackItem.objects.count() == 12


def test_one_device_sending_many_messages_is_told_the_real_wait(world, client, categories, monkeypatch):
    from changxiao.core import ratelimit

    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_040.0)  # 20 seconds into a minute
    client.get(reverse("public:feedback_submit"))
    for i in range(3):
        assert submit(client, world, categories, content=f"第{i}条：阅览室空调太冷了").redirect_chain
    response = submit(client, world, categories, content="第4条：阅览室空调太冷了")
    page = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "40"
    assert "40秒" in page and "第4条：阅览室空调太冷了" in page  # the wait said as it is, the message kept
    assert FeedbackItem.objects.count() == 3
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_080.0)  # the next minute
    assert submit(client, world, categories, content="第4条：阅览室空调太冷了").redirect_chain
    assert FeedbackItem.objects.count() == 4


def test_a_message_sent_within_seconds_of_the_page_is_held_back(world, client, categories, monkeypatch):
    """The page signs when it was drawn: a message sent back within FEEDBACK_MIN_SECONDS (a robot's speed, no
    resident types one so fast) is not taken, and the form keeps its first time, so sending it again is enough."""
    from changxiao.core import ratelimit

    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_000.0)
    started = client.get(reverse("public:feedback_submit"), {"city": world.city.pk}).context["started"]
    held = submit(client, world, categories, started=started)
    page = held.content.decode()
    assert held.status_code == 200 and "再检查一遍" in page and f'value="{started}"' in page
    assert not FeedbackItem.objects.exists()
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_020.0)
    assert submit(client, world, categories, started=started).redirect_chain
    assert FeedbackItem.objects.count() == 1


def test_a_script_ignoring_cookies_meets_the_address_ceiling(world, categories, monkeypatch):
    from django.test import Client

    from changxiao.core import ratelimit
    from changxiao.feedback.views import FEEDBACK_LIMITS

    monkeypatch.setattr(ratelimit, "_now", lambda: 1_000_000.0)
    statuses = [
        submit(Client(), world, categories, content=f"广告{i}：加微信领取优惠券").status_code
        for i in range(FEEDBACK_LIMITS.per_address + 1)
    ]
    assert statuses[:-1] == [200] * FEEDBACK_LIMITS.per_address and statuses[-1] == 429
    assert FeedbackItem.objects.count() == FEEDBACK_LIMITS.per_address


def test_script_is_shown_as_text(world, login, client, categories):
    submit(
        client,
        world,
        categories,
        content="<script>alert('x')</script><b>粗体</b>",
        name="<img src=x onerror=alert(1)>",
    )
    item = FeedbackItem.objects.get()
    for page in (
        client.get(item.get_tracking_url()).content.decode(),
        login(world.venue).get(item.get_absolute_url()).content.decode(),
        login(world.venue).get(reverse("feedback:queue")).content.decode(),
    ):
        assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page


def test_transfers_and_the_buck_passing_flag(world, login, client, categories):
    submit(client, world, categories, venue="", category=categories["hours"].pk)
    item = FeedbackItem.objects.get()
    assert item.unit == world.district_unit
    district = login(world.district)
    district.post(
        reverse("feedback:transfer_request", args=[item.pk]),
        {"reason": "属于场馆自身管理", "suggested_unit": world.venue_unit.pk},
    )
    transfer = TransferRequest.objects.get()
    office = login(world.office)
    office.post(
        reverse("feedback:transfer_decide", args=[transfer.pk]),
        {"decision": "approve", "unit": world.venue_unit.pk},
    )
    item.refresh_from_db()
    assert (item.unit, item.transfer_count) == (world.venue_unit, 1)
    for unit in (world.station_unit, world.venue_unit, world.station_unit):
        services.item_assign(item=item, by=world.office, unit=unit)
    item.refresh_from_db()
    assert item.transfer_count == 4
    assert world.office.notifications.filter(title__contains="推诿扯皮").exists()
    page = office.get(reverse("feedback:queue"), {"flag": "transferred"})
    assert [i.code for i in page.context["page"]] == [item.code]


def test_a_transfer_starts_a_new_handling_by_the_new_unit(world, login, client, categories):
    """The district answers with a holding reply, then asks to hand the item on: the venue it goes to signs for it
    and answers within its own deadlines, counted from the transfer; the citizen rates the venue's answer, not the
    holding reply; the district's part is a transfer, not an answer, in the figures."""
    from changxiao.core.deadlines import add_workdays, local_today, replaying
    from changxiao.feedback import metrics

    submit(client, world, categories, venue="", category=categories["hours"].pk)
    item = FeedbackItem.objects.get()
    first_answer_due = item.answer_due
    district = login(world.district)
    district.post(
        reverse("feedback:item_reply", args=[item.pk]), {"text": "已转请场馆核实，请耐心等待", "public": "on"}
    )
    district.post(
        reverse("feedback:transfer_request", args=[item.pk]),
        {"reason": "开放时间由场馆自行决定", "suggested_unit": world.venue_unit.pk},
    )
    item.refresh_from_db()
    assert (item.state, item.answered_on_time) == ("answered", True)
    moved_on = add_workdays(local_today(), 3)
    with replaying(moved_on):
        services.transfer_approve(
            request=TransferRequest.objects.get(), by=world.office, unit=world.venue_unit
        )
    item.refresh_from_db()
    acknowledge_due, answer_due = services.deadlines_for(item.kind, moved_on, item.region)
    assert (item.unit, item.state, item.transfer_count) == (world.venue_unit, "assigned", 1)
    assert (item.acknowledged_on, item.answered_on, item.answered_on_time) == (None, None, None)
    assert (item.acknowledge_due, item.answer_due) == (acknowledge_due, answer_due)
    assert answer_due > first_answer_due

    # The citizen reads the holding reply in the story, but is not asked to rate it.
    client.logout()
    page = client.get(item.get_tracking_url())
    assert page.context["evaluation_form"] is None and "已转请场馆核实" in page.content.decode()
    with pytest.raises(services.ValidationError):
        services.item_rate(item=item, rating="satisfied")

    # The district's part counts as a transfer, not as an answer of the item; the venue has answered nothing yet.
    year = local_today().year
    for subject in (world.district_unit, world.venue_unit, world.gusu):
        assert metrics.answered_on_time_rate(subject, year).denominator == 0

    # The venue signs for it (签收) and answers; its answer is what the citizen rates and the figures count.
    venue = login(world.venue)
    detail = venue.get(item.get_absolute_url()).content.decode()
    assert reverse("feedback:item_acknowledge", args=[item.pk]) in detail
    with replaying(add_workdays(moved_on, 1)):
        venue.post(reverse("feedback:item_acknowledge", args=[item.pk]))
        venue.post(reverse("feedback:item_reply", args=[item.pk]), {"text": "周一起延长开放", "public": "on"})
    item.refresh_from_db()
    assert item.acknowledged_on == add_workdays(moved_on, 1) and item.answered_on_time is True
    client.logout()
    assert client.get(item.get_tracking_url()).context["evaluation_form"] is not None
    services.item_rate(item=item, rating="satisfied")
    assert metrics.answered_on_time_rate(world.venue_unit, year).numerator == 1
    assert metrics.satisfaction_rate(world.venue_unit, year).numerator == 1
    assert metrics.answered_on_time_rate(world.district_unit, year).denominator == 0


def test_a_transfer_after_an_unsatisfied_rating_gives_the_new_unit_its_own_answer_to_be_rated(
    world, login, client, categories
):
    submit(client, world, categories, venue="", category=categories["hours"].pk)
    item = FeedbackItem.objects.get()
    services.reply_add(item=item, by=world.district, text="已记录您的建议", public=True)
    services.item_rate(item=item, rating="unsatisfied")
    item.refresh_from_db()
    assert (item.state, item.reopen_count, item.last_rating) == ("assigned", 1, "unsatisfied")
    services.item_assign(item=item, by=world.office, unit=world.venue_unit)
    item.refresh_from_db()
    # The rating was the district's answer's: the venue's handling starts without it, with the citizen's one reopening.
    assert (item.last_rating, item.reopen_count, item.unsatisfied_count) == ("", 0, 0)
    services.reply_add(item=item, by=world.venue, text="周一起延长开放", public=True)
    services.item_rate(item=item, rating="unsatisfied")
    item.refresh_from_db()
    assert (item.state, item.reopen_count) == ("assigned", 1)


def test_a_unit_does_not_decide_its_own_transfer_and_a_refusal_says_why(world, login, client, categories):
    """The district bureau handles a 姑苏区 item and asks to transfer it: it is also the office of its district, yet
    the city's office decides (someone other than the unit that asked), and refuses only with a reason."""
    from django.core.exceptions import PermissionDenied

    submit(client, world, categories, venue="", category=categories["hours"].pk)
    item = FeedbackItem.objects.get()
    assert item.unit == world.district_unit
    district = login(world.district)
    district.post(
        reverse("feedback:transfer_request", args=[item.pk]),
        {"reason": "属于场馆自身管理", "suggested_unit": world.venue_unit.pk},
    )
    transfer = TransferRequest.objects.get()
    decide = reverse("feedback:transfer_decide", args=[transfer.pk])
    assign = reverse("feedback:item_assign", args=[item.pk])
    assert world.office.notifications.filter(title__contains=item.code).exists()
    assert not world.district.notifications.filter(title__contains="申请转办").exists()

    page = district.get(item.get_absolute_url()).content.decode()
    assert decide not in page and assign not in page  # nor does it move the item by reassigning it
    approve = {"decision": "approve", "unit": world.venue_unit.pk}
    assert district.post(decide, approve).status_code == 403
    assert district.post(assign, {"unit": world.venue_unit.pk}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.transfer_approve(request=transfer, by=world.district, unit=world.venue_unit)
    with pytest.raises(PermissionDenied):
        services.item_assign(item=item, by=world.district, unit=world.venue_unit)
    item.refresh_from_db()
    transfer.refresh_from_db()
    assert (item.unit, item.transfer_count, transfer.state) == (world.district_unit, 0, "pending")

    office = login(world.office)
    assert decide in office.get(item.get_absolute_url()).content.decode()
    refused = office.post(decide, {"decision": "refuse", "reason": "  "}, follow=True)
    assert "理由" in refused.content.decode()
    transfer.refresh_from_db()
    assert transfer.state == "pending"
    office.post(decide, {"decision": "refuse", "reason": "开放时间由区文体旅局统筹"})
    transfer.refresh_from_db()
    assert (transfer.state, transfer.refusal_reason, transfer.decided_by) == (
        "refused",
        "开放时间由区文体旅局统筹",
        world.office,
    )
    assert world.district.notifications.filter(body__contains="区文体旅局统筹").exists()
    assert "开放时间由区文体旅局统筹" in login(world.district).get(item.get_absolute_url()).content.decode()


def test_the_district_decides_a_venues_transfer_request(world, login, client, categories):
    """A venue's request is decided by the office of the item's jurisdiction: the district bureau is someone other
    than the venue."""
    submit(client, world, categories)
    item = FeedbackItem.objects.get()
    assert item.unit == world.venue_unit
    transfer = services.transfer_request(item=item, by=world.venue, reason="属于区里统筹")
    assert world.district.notifications.filter(title__contains=item.code).exists()
    services.transfer_approve(request=transfer, by=world.district, unit=world.district_unit)
    item.refresh_from_db()
    assert (item.unit, item.transfer_count) == (world.district_unit, 1)


def test_reassigning_an_item_answers_the_transfer_request_waiting_on_it(world, login, client, categories):
    """The office moves the item itself while the district's request waits: the request is granted by that move, and
    nobody is left a decision about an item that has already gone."""
    submit(client, world, categories, venue="", category=categories["hours"].pk)
    item = FeedbackItem.objects.get()
    transfer = services.transfer_request(item=item, by=world.district, reason="属于场馆自身管理")
    services.item_assign(item=item, by=world.office, unit=world.venue_unit)
    transfer.refresh_from_db()
    assert (transfer.state, transfer.decided_by) == ("approved", world.office)
    page = login(world.office).get(item.get_absolute_url()).content.decode()
    assert reverse("feedback:transfer_decide", args=[transfer.pk]) not in page


def test_unrouted_items_wait_in_the_office_triage_queue(world, login, client, categories):
    submit(client, world, categories, region=world.kunshan.pk, venue="")
    item = FeedbackItem.objects.get()
    assert item.unit is None and item.state == "new"
    office = login(world.office)
    assert office.get(reverse("feedback:queue"), {"flag": "triage"}).context["triage"] == 1
    office.post(reverse("feedback:item_assign", args=[item.pk]), {"unit": world.outsider_unit.pk})
    item.refresh_from_db()
    assert (item.unit, item.state, item.transfer_count) == (world.outsider_unit, "assigned", 0)


def test_another_unit_cannot_open_the_item(world, login, client, categories):
    submit(client, world, categories)
    item = FeedbackItem.objects.get()
    for person in (world.member, world.outsider, world.inspector):
        assert login(person).get(item.get_absolute_url()).status_code == 404
    assert login(world.district).get(item.get_absolute_url()).status_code == 200


def test_queue_uses_a_constant_number_of_queries(
    world, login, client, categories, django_assert_max_num_queries
):
    for i in range(30):
        FeedbackFactory(
            category=categories["hours"],
            region=world.gusu,
            content=f"希望延长开放时间{i}",
            client=f"10.0.1.{i}",
        )
    office = login(world.office)
    office.get(reverse("feedback:queue"))
    with django_assert_max_num_queries(12):
        assert office.get(reverse("feedback:queue")).status_code == 200


def test_a_long_queue_is_counted_up_to_its_cap_in_answer_deadline_order(
    world, login, categories, monkeypatch
):
    monkeypatch.setattr("changxiao.feedback.views.QUEUE_CAP", 3)
    monkeypatch.setattr("changxiao.feedback.views.PAGE_SIZE", 2)
    items = [
        FeedbackFactory(category=categories["hours"], region=world.gusu, content=f"希望延长开放时间{i}")
        for i in range(5)
    ]
    response = login(world.office).get(reverse("feedback:queue"))
    page = response.context["page"]
    assert page.paginator.count == 3 and page.paginator.more and page.paginator.num_pages == 2
    assert "超过3" in response.content.decode() or "more than 3" in response.content.decode()
    due = sorted((i.answer_due, i.pk) for i in items)
    assert [(i.answer_due, i.pk) for i in page.object_list] == due[:2]


def test_a_tracking_code_pasted_with_spaces_lower_case_or_full_width_is_found(world, client):
    item = FeedbackFactory(region=world.gusu)
    code = item.code
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)  # ＦＫ… as a Chinese input method types it
    spaced = f" {code[:2]} {code[2:6]} {code[6:]} "
    lookup = reverse("public:feedback_lookup")
    for typed in (spaced, code.lower(), full_width, f"{code[:6]}-{code[6:]}", f"{code}\u3000"):
        page = client.get(lookup, {"code": typed})
        assert page.status_code == 302, typed
        assert page["Location"] == reverse("public:feedback_track", args=[code]), typed
    # The tracking page and the public API read the code the same way.
    assert client.get(reverse("public:feedback_track", args=[code.lower()])).status_code == 200
    assert client.get(f"/api/v1/public/feedback/{full_width}").json()["code"] == code
    # Anything else is still simply not found.
    refused = client.get(lookup, {"code": "FK 12<script>"})
    assert refused.status_code == 200 and not refused.context["form"].is_valid()
