"""The supervision screens: record an inspection and findings, rectify with evidence, verify; scope and errors."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.supervision.models import Finding, Inspection, Rectification

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def record_inspection(client, world):
    return client.post(
        reverse("supervision:inspection_create"),
        {
            "region": world.city.pk,
            "kind": "special",
            "title": "公共文化设施专项督查",
            "date": local_today().isoformat(),
            "scope_units": [world.venue_unit.pk],
        },
        follow=True,
    )


def add_finding(client, inspection, unit, **extra):
    data = {
        "description": "阅览室照明不足",
        "severity": "major",
        "lead_unit": unit.pk,
        "requirement": "更换照明设备",
        "due_workdays": 5,
    } | extra
    return client.post(reverse("supervision:finding_add", args=[inspection.pk]), data, follow=True)


def test_inspection_finding_rectification_and_verification(world, login, django_assert_max_num_queries):
    inspector = login(world.inspector)
    record_inspection(inspector, world)
    inspection = Inspection.objects.get()
    assert list(inspection.team.all()) == [world.inspector]
    add_finding(inspector, inspection, world.venue_unit)
    finding = Finding.objects.get()

    venue = login(world.venue)
    assert venue.get(finding.get_absolute_url()).status_code == 200
    response = venue.post(
        reverse("supervision:rectification_submit", args=[finding.pk]),
        {"measures": "已更换全部灯具", "evidence": [SimpleUploadedFile("灯具.png", PNG)]},
        follow=True,
    )
    assert "已提交" in response.content.decode() or Rectification.objects.exists()
    rectification = Rectification.objects.get()

    inspector = login(world.inspector)
    inspector.post(
        reverse("supervision:rectification_review", args=[rectification.pk]),
        {"decision": "accept", "comment": "合格"},
    )
    finding.refresh_from_db()
    assert finding.state == "verified"
    # The inspection list keeps a constant number of queries.
    client = login(world.office)
    client.get(reverse("supervision:inspection_list"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("supervision:inspection_list")).status_code == 200


def test_bad_input_gets_a_clear_message_and_changes_nothing(world, login):
    inspector = login(world.inspector)
    record_inspection(inspector, world)
    inspection = Inspection.objects.get()
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    response = add_finding(inspector, inspection, world.venue_unit, due_workdays="", due_date=yesterday)
    assert "不在今天之后" in response.content.decode()
    response = add_finding(inspector, inspection, world.venue_unit, due_workdays="")
    assert "请以日期或工作日数给出整改时限" in response.content.decode()
    assert not Finding.objects.exists()

    add_finding(inspector, inspection, world.venue_unit)
    finding = Finding.objects.get()
    venue = login(world.venue)
    response = venue.post(
        reverse("supervision:rectification_submit", args=[finding.pk]),
        {"measures": "已整改", "evidence": [SimpleUploadedFile("x.exe", b"MZ\x90\x00")]},
        follow=True,
    )
    assert "x.exe" in response.content.decode()
    response = venue.post(
        reverse("supervision:rectification_submit", args=[finding.pk]), {"measures": "无佐证"}, follow=True
    )
    assert "请上传整改佐证材料" in response.content.decode()
    assert not Rectification.objects.exists()
    # Another unit cannot open or touch the finding.
    other = login(world.outsider)
    assert other.get(finding.get_absolute_url()).status_code == 404
    assert other.post(reverse("supervision:finding_close", args=[finding.pk]), {}).status_code == 404


def test_an_inspection_dated_in_the_future_is_refused(world, login):
    response = login(world.office).post(
        reverse("supervision:inspection_create"),
        {
            "region": world.city.pk,
            "kind": "routine",
            "title": "未来督查",
            "date": (date.today() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 200 and not Inspection.objects.exists()


def test_the_timeline_shows_state_labels_not_codes(world, login):
    inspector = login(world.inspector)
    record_inspection(inspector, world)
    add_finding(inspector, Inspection.objects.get(), world.venue_unit)
    finding = Finding.objects.get()
    login(world.venue).post(reverse("supervision:finding_acknowledge", args=[finding.pk]))
    page = login(world.venue).get(finding.get_absolute_url()).content.decode()
    assert "待整改 → 整改中" in page and "open →" not in page
