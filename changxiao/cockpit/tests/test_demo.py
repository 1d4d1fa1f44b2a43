"""The cockpit over the demonstration data of every mechanism: the layouts, the meeting snapshot with a follow-up task,
and the annual report whose every section carries the figures the pages show."""

import io

import docx

from changxiao.cockpit.models import AnnualReport, Layout, Snapshot
from changxiao.cockpit.report import report_docx
from changxiao.core.annual_report import report_sections
from changxiao.core.deadlines import local_today
from changxiao.core.metrics import get_metric
from changxiao.orgs.models import Region, User


def test_the_demo_report_layouts_and_snapshot(demo, client):
    city = Region.objects.get(code="320500")
    year = local_today().year
    report = AnnualReport.objects.get(region=city, year=year)
    assert [s["key"] for s in report.sections] == [b.key for b in report_sections()]
    assert all(s["figures"] and s["text"] for s in report.sections)
    document = docx.Document(io.BytesIO(report_docx(report)))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    for section in report.sections:
        assert section["title"] in text
        assert all(figure["value"] in text for figure in section["figures"])
    # A figure of the report is the metrics page's figure for the city and the year.
    supervision = next(s for s in report.sections if s["key"] == "supervision")
    rate = next(f for f in supervision["figures"] if f["url"] and "rectification_on_time_rate" in f["url"])
    value = get_metric("supervision.rectification_on_time_rate").value_for(city, year)
    assert rate["value"].startswith(f"{value.value}%")
    client.force_login(User.objects.get(username="leader"))
    page = client.get(rate["url"])
    assert page.status_code == 200 and str(value.value) in page.content.decode()

    # The layouts, and the meeting snapshot with a decision followed up by a task (one demo load: it is slow).
    leading = Layout.objects.get(region=city, is_default=True)
    assert leading.tiles.count() >= 6
    snapshot = Snapshot.objects.get(region=city)
    assert snapshot.tiles and snapshot.decisions.count() == 2
    assert snapshot.decisions.filter(task_id__isnull=False).exists()
    assert any(w["severity"] == "red" for w in snapshot.warnings)
