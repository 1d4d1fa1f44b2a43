"""Personal details a citizen types into free text stay off public pages and documents meant for publication (issue 19,
point 6). One redaction (core.personal_data.redact_identifiers, the anonymous survey's) hides phone numbers, identity
card numbers, e-mail addresses, QQ and WeChat IDs, and the name and phone the citizen gave with the message: in the
finding a complaint is escalated into, in the bulletins that quote overdue findings (page and Word document), and on
the public tracking page and API of a feedback item. The handling unit still reads the message as it was written."""

import io
import zipfile
from datetime import date

import pytest
from django.core.cache import cache

from changxiao.core.personal_data import redact_identifiers
from changxiao.feedback import services
from changxiao.feedback.models import FeedbackItem
from changxiao.feedback.tests.factories import FeedbackFactory

MESSAGE = (
    "我是王先生，电话 138 1234 5678，身份证320502198001011234，微信号: wang_xs88，"
    "邮箱 wang@example.com。文化馆二楼电梯坏了一个月没人修"
)
PERSONAL = ["王先生", "138 1234 5678", "13812345678", "320502198001011234", "wang_xs88", "wang@example.com"]
KEPT = "文化馆二楼电梯坏了一个月没人修"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def leaked(text: str) -> list[str]:
    return [value for value in PERSONAL if value in text]


@pytest.fixture
def item(world):
    submitted = FeedbackFactory(
        kind="complaint", region=world.gusu, content=MESSAGE, name="王先生", phone="138 1234 5678"
    )
    FeedbackItem.objects.filter(pk=submitted.pk).update(
        unit=world.venue_unit, state="answered", unsatisfied_count=2
    )
    submitted.refresh_from_db()
    return submitted


def test_the_known_name_and_phone_are_hidden_as_well():
    text = "联系人李四，手机13900001111，李四说"
    assert redact_identifiers(text, known=["李四", "13900001111"]) == "联系人***，手机***，***说"
    assert redact_identifiers("李", known=["李"]) == "李"  # one character says nothing of a person
    assert redact_identifiers(text) == "联系人李四，手机***，李四说"


def test_an_escalated_complaint_opens_a_finding_without_the_citizens_details(world, item, login):
    opened = services.item_escalate(item=item, by=world.office)
    from changxiao.supervision.models import Finding

    finding = Finding.objects.get(pk=opened.finding_id)
    assert KEPT in finding.description and not leaked(finding.description), finding.description
    # The handling unit still reads the message as the citizen wrote it.
    item.refresh_from_db()
    assert item.content == MESSAGE
    page = login(world.office).get(finding.get_absolute_url()).content.decode()
    assert KEPT in page and not leaked(page)


def test_a_bulletin_quotes_an_overdue_finding_without_personal_details(world):
    from changxiao.supervision.bulletins import draft_text
    from changxiao.supervision.tests.factories import FindingFactory

    finding = FindingFactory(by=world.inspector, lead_unit=world.venue_unit, description=MESSAGE)
    text = draft_text(world.city, date(2026, 1, 1), date(2026, 1, 31), [], [finding])
    assert KEPT in text and not leaked(text.replace("王先生", "")), (
        text
    )  # no name is known to the inspector's text


def test_a_published_bulletin_shows_no_personal_details_on_its_page_or_document(world, client, login):
    from changxiao.supervision.models import Bulletin
    from changxiao.supervision.notices import bulletin_document
    from changxiao.supervision.tests.matrix import _issued_city_bulletin

    bulletin = _issued_city_bulletin(world, public=True)
    # As the office may have typed it into the text before publishing.
    Bulletin.objects.filter(pk=bulletin.pk).update(
        body=bulletin.body + "\n群众来电 13812345678 反映：" + KEPT
    )
    bulletin.refresh_from_db()
    page = client.get(f"/public/bulletins/{bulletin.pk}/").content.decode()
    assert KEPT in page and "13812345678" not in page
    with zipfile.ZipFile(io.BytesIO(bulletin_document(bulletin))) as docx:
        document = docx.read("word/document.xml").decode()
    assert KEPT in document and "13812345678" not in document


def test_the_public_tracking_page_and_api_show_no_personal_details(world, item, login, client):
    services.reply_add(
        item=item, by=world.venue, text="已于今天致电王先生（13812345678）说明情况", public=True
    )
    services.item_rate(item=item, rating="unsatisfied", comment="没人联系我，我的电话是13812345678")
    client.logout()
    page = client.get(item.get_tracking_url()).content.decode()
    assert KEPT in page and "已于今天致电" in page and not leaked(page)
    answer = client.get(f"/api/v1/public/feedback/{item.code}").content.decode("unicode_escape")
    assert KEPT in answer and "已于今天致电" in answer and not leaked(answer)
    # The handling unit reads it whole.
    page = login(world.venue).get(item.get_absolute_url()).content.decode()
    assert "wang_xs88" in page
