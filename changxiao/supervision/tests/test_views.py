"""The supervision screens: record an inspection and findings, rectify with evidence, verify; scope and errors."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.supervision.models import Finding, Inspection, Rectification

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
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
    assert "期限不能早于今天" in response.content.decode()
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


def test_every_form_comes_back_with_what_was_typed(world, login):
    """A form refused for bad input is shown again with everything typed; nothing is saved."""
    inspector = login(world.inspector)
    record_inspection(inspector, world)
    inspection = Inspection.objects.get()
    response = inspector.post(
        reverse("supervision:finding_add", args=[inspection.pk]),
        {
            "description": "消防通道堆放杂物ABC",
            "severity": "major",
            "requirement": "立即清理DEF",
            "due_workdays": 5,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "消防通道堆放杂物ABC" in page and "立即清理DEF" in page
    assert not Finding.objects.exists()
    add_finding(inspector, inspection, world.venue_unit)
    finding = Finding.objects.get()

    venue = login(world.venue)
    response = venue.post(
        reverse("supervision:rectification_submit", args=[finding.pk]),
        {"measures": "已更换全部灯具并建立巡查制度"},
    )
    page = response.content.decode()
    assert (
        response.status_code == 200
        and "已更换全部灯具并建立巡查制度" in page
        and "请上传整改佐证材料" in page
    )
    tomorrow_but_early = finding.due_date.isoformat()
    response = venue.post(
        reverse("supervision:extension_request", args=[finding.pk]),
        {"requested_due_date": tomorrow_but_early, "reason": "灯具需统一采购，供货周期较长"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "灯具需统一采购，供货周期较长" in page and "晚于" in page
    venue.post(
        reverse("supervision:rectification_submit", args=[finding.pk]),
        {"measures": "已更换", "evidence": [SimpleUploadedFile("灯具.png", PNG)]},
    )
    rectification = Rectification.objects.get()

    inspector = login(world.inspector)
    response = inspector.post(
        reverse("supervision:rectification_review", args=[rectification.pk]),
        {"decision": "", "comment": "照片未显示东侧阅览区", "reinspected": "on"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'value="照片未显示东侧阅览区"' in page
    rectification.refresh_from_db()
    assert rectification.state == "submitted"

    office = login(world.office)
    response = office.post(
        reverse("supervision:finding_close", args=[finding.pk]),
        {"outcome": "reassigned", "reason": "该区域由街道文化站管理", "reassign_to": world.venue_unit.pk},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "该区域由街道文化站管理" in page
    finding.refresh_from_db()
    assert finding.state == "submitted"

    response = office.post(
        reverse("supervision:escalation_policy"),
        {"remind_workdays_before": 4, "bulletin_after_workdays": 12, "accountability_after_workdays": 7},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'value="12"' in page and 'value="7"' in page


def test_labels_say_what_the_fields_are(world, login):
    office = login(world.office)
    page = office.get(reverse("supervision:inspection_create")).content.decode()
    assert "督查类型" in page and "单位类型" not in page
    inspection = Inspection.objects.create(
        region=world.city, kind="routine", title="督查", date=local_today()
    )
    finding = Finding.objects.create(
        inspection=inspection,
        number=1,
        description="问题",
        lead_unit=world.venue_unit,
        requirement="整改",
        due_date=local_today() + timedelta(days=10),
    )
    page = office.get(finding.get_absolute_url()).content.decode()
    close_form = page.split('id="close-heading"')[1]
    assert "关闭理由" in close_form and "延期理由" not in close_form
    page = login(world.venue).get(finding.get_absolute_url()).content.decode()
    assert "延期理由" in page
    # The statistics name the figure as its formula does.
    page = office.get(reverse("supervision:statistics")).content.decode()
    assert page.count("按时整改率") >= 3 and "按期完成率" not in page


def test_finding_photos_take_what_the_field_says(world, login):
    inspector = login(world.inspector)
    record_inspection(inspector, world)
    inspection = Inspection.objects.get()
    page = inspector.get(inspection.get_absolute_url()).content.decode()
    assert "照片和文件" in page.split("record-finding")[1] and "PDF、DOCX、XLSX、JPG、PNG" in page
    response = add_finding(
        inspector, inspection, world.venue_unit, photos=[SimpleUploadedFile("现场.exe", b"MZ\x90\x00")]
    )
    assert "现场.exe" in response.content.decode() and not Finding.objects.exists()
    add_finding(
        inspector,
        inspection,
        world.venue_unit,
        photos=[SimpleUploadedFile("现场.png", PNG), SimpleUploadedFile("记录.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    assert Finding.objects.count() == 1
