"""The finding board, my unit's findings, the Excel export, the workbench and the Word rectification notice."""

import io
from datetime import timedelta

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.extensions import extension_request
from changxiao.supervision import services
from changxiao.supervision.tests.factories import FindingFactory, InspectionFactory

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def findings(world):
    inspection = InspectionFactory(by=world.inspector, kind="special", title="免费开放专项督查")
    return [
        FindingFactory(inspection=inspection, lead_unit=world.venue_unit, description="开放时间未公示"),
        FindingFactory(
            inspection=inspection,
            lead_unit=world.venue_unit,
            description="无障碍通道堵塞",
            severity="serious",
            co_units=[world.district_unit],
        ),
        FindingFactory(inspection=inspection, lead_unit=world.member_unit, description="免费开放资金未拨付"),
    ]


def test_board_filters_and_counts(world, login, findings):
    client = login(world.office)
    response = client.get(reverse("supervision:finding_list"))
    assert response.context["counts"]["open"] == 3
    assert len(response.context["page"]) == 3
    response = client.get(reverse("supervision:finding_list"), {"severity": "serious"})
    assert [f.description for f in response.context["page"]] == ["无障碍通道堵塞"]
    response = client.get(reverse("supervision:finding_list"), {"unit": world.district_unit.pk})
    assert [f.description for f in response.context["page"]] == ["无障碍通道堵塞"]
    response = client.get(reverse("supervision:finding_list"), {"state": "nonsense"})
    assert len(response.context["page"]) == 0


def test_my_unit_sees_only_its_findings(world, login, findings):
    page = login(world.venue).get(reverse("supervision:my_findings")).context["page"]
    assert {f.description for f in page} == {"开放时间未公示", "无障碍通道堵塞"}
    page = login(world.district).get(reverse("supervision:my_findings")).context["page"]
    assert [f.description for f in page] == ["无障碍通道堵塞"]
    page = login(world.member).get(reverse("supervision:finding_list")).context["page"]
    assert [f.description for f in page] == ["免费开放资金未拨付"]


@pytest.mark.parametrize("url_name", ["supervision:finding_list", "supervision:inspection_list"])
def test_lists_use_a_constant_number_of_queries(
    world, login, findings, django_assert_max_num_queries, url_name
):
    for i in range(30):
        FindingFactory(
            inspection=findings[0].inspection,
            lead_unit=world.venue_unit,
            description=f"问题{i}",
            co_units=[world.station_unit],
        )
        InspectionFactory(by=world.inspector, title=f"督查{i}")
    client = login(world.office)
    client.get(reverse(url_name))
    with django_assert_max_num_queries(14):
        assert client.get(reverse(url_name)).status_code == 200


def test_export_matches_the_board_scope(world, login, findings):
    response = login(world.venue).get(reverse("core:export_start", args=["supervision-findings"]) + "?mine=1")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][0] == "督查" and {r[4] for r in rows[1:]} == {"开放时间未公示", "无障碍通道堵塞"}


def test_workbench_shows_findings_to_rectify_and_to_verify(world, login, findings):
    todos = login(world.venue).get(reverse("cockpit:workbench")).context["todos"]
    assert sum(t.title.startswith("整改：") for t in todos) == 2
    services.rectification_submit(
        finding=findings[0], by=world.venue, measures="已公示", evidence=[SimpleUploadedFile("公示.pdf", PDF)]
    )
    todos = login(world.inspector).get(reverse("cockpit:workbench")).context["todos"]
    assert any("核查" in t.title and "姑苏区文化馆" in t.title for t in todos)


def test_rectification_notice_reads_back_as_word(world, login, findings):
    response = login(world.venue).get(reverse("supervision:finding_notice", args=[findings[1].pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "整改通知书" in text and "苏州市督整〔2026〕" in text
    assert "无障碍通道堵塞" in cells and "姑苏区文体旅局" in cells
    assert (
        login(world.member).get(reverse("supervision:finding_notice", args=[findings[1].pk])).status_code
        == 404
    )


def test_statistics_by_unit_district_and_kind(world, login, findings, django_assert_max_num_queries):
    client = login(world.office)
    client.get(reverse("supervision:statistics"), {"year": 2026})
    with django_assert_max_num_queries(14):
        response = client.get(reverse("supervision:statistics"), {"year": 2026})
    assert response.context["overall"].found == 3
    assert {r.label: r.found for r in response.context["by_district"]} == {"姑苏区": 2, "苏州市": 1}
    assert [r.label for r in response.context["by_kind"]] == ["专项督查"]
    assert response.context["district_chart"]["yAxis"]["data"]
    assert sum(r.found for r in response.context["page"].object_list) == 3


def test_statistics_sum_each_grouping_over_units_and_kinds_counted_together(world, login, findings):
    """One count by unit and kind gives every table: a unit's findings of two kinds add up in the unit's row, a kind's
    findings of two units in the kind's row."""
    routine = InspectionFactory(by=world.inspector, kind="routine", title="日常巡查")
    FindingFactory(inspection=routine, lead_unit=world.venue_unit, description="消防通道堆物")
    FindingFactory(inspection=routine, lead_unit=world.district_unit, description="台账不全")
    response = login(world.office).get(reverse("supervision:statistics"), {"year": 2026})
    assert response.context["overall"].found == 5
    assert {r.label: r.found for r in response.context["by_kind"]} == {"专项督查": 3, "常态督查": 2}
    units = {r.label: r.found for r in response.context["page"].object_list}
    assert units == {world.venue_unit.name: 3, world.member_unit.name: 1, world.district_unit.name: 1}
    assert {r.label: r.found for r in response.context["by_district"]} == {"姑苏区": 4, "苏州市": 1}


def test_statistics_page_the_units_the_most_overdue_first(world, login, findings, monkeypatch):
    monkeypatch.setattr("changxiao.supervision.views_statistics.UNITS_PAGE_SIZE", 1)
    client = login(world.office)
    first = client.get(reverse("supervision:statistics"), {"year": 2026})
    rows = [first.context["page"].object_list[0]]
    assert first.context["page"].paginator.num_pages == len({f.lead_unit_id for f in findings})
    assert "year=2026&amp;page=2" in first.content.decode()
    rows.append(client.get(reverse("supervision:statistics"), {"year": 2026, "page": 2}).context["page"][0])
    assert [(r.overdue, r.found) for r in rows] == sorted(((r.overdue, r.found) for r in rows), reverse=True)
    # A unit sees only its own findings counted.
    assert (
        login(world.member).get(reverse("supervision:statistics"), {"year": 2026}).context["overall"].found
        == 1
    )


def test_workbench_shows_extension_requests_to_the_office(world, login, findings):
    extension_request(
        workflow=services.FINDING_EXTENSIONS,
        target=findings[0],
        by=world.venue,
        requested_due_date=findings[0].due_date + timedelta(days=30),
        reason="需采购设备",
    )
    todos = login(world.office).get(reverse("cockpit:workbench")).context["todos"]
    assert any("延期申请" in t.title and "姑苏区文化馆" in t.title for t in todos)
