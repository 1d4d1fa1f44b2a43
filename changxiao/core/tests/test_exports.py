"""Excel export: small lists stream at once; large ones run in the background with progress."""

import io

import openpyxl
import pytest
from django.urls import reverse

from changxiao.core.exports import run_export_job
from changxiao.core.models import ExportJob
from changxiao.core.sweep import run_sweep
from changxiao.orgs.models import Unit


def read_rows(content: bytes) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in workbook.active.iter_rows(values_only=True)]


def test_small_export_streams_scoped_rows_with_translated_headers(world, login):
    client = login(world.district)
    response = client.get(reverse("core:export_start", args=["orgs-units"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="units-')
    rows = read_rows(b"".join(response.streaming_content))
    names = {row[1] for row in rows[1:]}
    assert names == {"姑苏区文体旅局", "姑苏区文化馆", "平江街道综合文化站"}
    assert rows[0][0] == "单位代码"


def test_export_applies_the_list_filters(world, login):
    client = login(world.office)
    response = client.get(reverse("core:export_start", args=["orgs-units"]), {"kind": "venue"})
    rows = read_rows(b"".join(response.streaming_content))
    assert {row[1] for row in rows[1:]} == {"姑苏区文化馆", "平江街道综合文化站", "昆山市图书馆"}


def test_large_export_runs_in_the_background(world, login, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_INLINE_MAX_ROWS = 3
    client = login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("core:export_start", args=["orgs-units"]))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("core:export_job", args=[job.pk])
    assert job.state == ExportJob.State.DONE  # the test task backend runs it once committed
    assert job.total_rows == Unit.objects.visible_to(world.office).filter(is_active=True).count()
    page = client.get(reverse("core:export_job", args=[job.pk]))
    assert reverse("core:export_download", args=[job.pk]) in page.content.decode()
    download = client.get(reverse("core:export_download", args=[job.pk]))
    rows = read_rows(b"".join(download.streaming_content))
    assert len(rows) == job.total_rows + 1
    # The owner is told in the inbox, in the language the export was asked in.
    note = world.office.notifications.get()
    assert note.url == reverse("core:export_job", args=[job.pk]) and "导出文件可供下载" in note.title
    # Another person cannot see the job or its file.
    client.force_login(world.member)
    assert client.get(reverse("core:export_download", args=[job.pk])).status_code == 404


def test_progress_fragment_for_htmx(world, login, settings):
    job = ExportJob.objects.create(
        owner=world.office, export_name="orgs-units", file_name="u.xlsx", total_rows=10
    )
    client = login(world.office)
    response = client.get(reverse("core:export_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="export-progress"' in body and "<html" not in body
    assert 'hx-trigger="every 1s"' in body


def test_a_job_is_built_once_even_if_run_twice(world):
    job = ExportJob.objects.create(owner=world.office, export_name="orgs-units", file_name="u.xlsx")
    run_export_job(job.pk)
    job.refresh_from_db()
    first_file = job.file.name
    run_export_job(job.pk)
    run_sweep(only=["exports.resume"])
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE and job.file.name == first_file


def test_unknown_export_fails_cleanly(world):
    job = ExportJob.objects.create(owner=world.office, export_name="nope", file_name="x.xlsx")
    with pytest.raises(LookupError):
        run_export_job(job.pk)
    job.refresh_from_db()
    assert job.state == ExportJob.State.FAILED


def test_unknown_export_name_is_404(world, login):
    assert login(world.office).get(reverse("core:export_start", args=["nope"])).status_code == 404
