"""The annual report's Word document is built in the background (core.document_jobs): the button queues it, the file
is saved through the default storage, the reader is told and finds it under My files; nobody else downloads it."""

import io

import docx
from django.core.files.storage import default_storage
from django.urls import reverse

from changxiao.cockpit import services
from changxiao.core.models import ExportJob

YEAR = 2026


def test_the_annual_report_is_prepared_in_the_background_and_opens_in_word(
    world, login, django_capture_on_commit_callbacks
):
    report = services.report_compile(by=world.office, region=world.city, year=YEAR)
    office = login(world.office)
    with django_capture_on_commit_callbacks() as callbacks:
        response = office.get(reverse("cockpit:report_download", args=[report.pk]))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("core:export_job", args=[job.pk])
    assert (job.kind, job.state, job.owner) == (
        "word",
        "pending",
        world.office,
    )  # queued, not built in the request
    assert len(callbacks) == 1
    page = office.get(response.url)
    assert "正在生成" in page.content.decode() and "文档正在生成" in page.content.decode()

    callbacks[0]()  # the request committed: the task runs (TASK_BACKEND immediate)
    job.refresh_from_db()
    assert job.state == "done" and default_storage.exists(job.file.name)
    download = office.get(reverse("core:export_download", args=[job.pk]))
    assert (
        download["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    document = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    assert document.paragraphs[0].text.startswith(
        report.title
    )  # the heading (a draft says 征求意见稿 after it)
    assert world.office.notifications.filter(url=reverse("core:export_job", args=[job.pk])).exists()
    files = office.get(reverse("core:export_list")).content.decode()
    assert job.file_name in files and reverse("core:export_download", args=[job.pk]) in files


def test_another_person_cannot_download_the_document(world, login, django_capture_on_commit_callbacks):
    report = services.report_compile(by=world.office, region=world.city, year=YEAR)
    with django_capture_on_commit_callbacks(execute=True):
        login(world.office).get(reverse("cockpit:report_download", args=[report.pk]))
    job = ExportJob.objects.get(state="done")
    # The leader reads the same report, and the district, the venue and the second city's office do not: none of
    # them opens the office's file; the leader asks for their own.
    for person in (world.leader, world.district, world.venue, world.office2):
        client = login(person)
        assert client.get(reverse("core:export_download", args=[job.pk])).status_code == 404
        assert client.get(reverse("core:export_job", args=[job.pk])).status_code == 404
        assert job.file_name not in client.get(reverse("core:export_list")).content.decode()
    assert login(world.district).get(reverse("cockpit:report_download", args=[report.pk])).status_code == 404
    assert ExportJob.objects.count() == 1  # refused: nothing queued


def test_a_document_whose_worker_was_killed_is_built_once_by_the_sweep(
    world, login, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from changxiao.core.sweep import run_sweep

    report = services.report_compile(by=world.office, region=world.city, year=YEAR)
    with django_capture_on_commit_callbacks():  # queued, never run: the worker that took it was killed
        login(world.office).get(reverse("cockpit:report_download", args=[report.pk]))
    lost = timezone.now() - timedelta(minutes=settings.TASK_LOST_AFTER_MINUTES + 1)
    ExportJob.objects.update(state="running", started_at=lost, created_at=lost)

    with django_capture_on_commit_callbacks(execute=True):
        assert run_sweep(only=["exports.resume"])["exports.resume"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep(only=["exports.resume"])
    job = ExportJob.objects.get()
    assert job.state == "done" and docx.Document(job.file.open("rb")).paragraphs[0].text.startswith(
        report.title
    )
    assert world.office.notifications.count() == 1  # built and told once
