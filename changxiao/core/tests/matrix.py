"""The authorization matrix's cases for core: every page, form and endpoint, for every persona."""

from django.core.files.base import ContentFile
from django.urls import reverse

from changxiao.core.models import Attachment, ExportJob, Notification
from changxiao.core.tests.authz import EVERYONE, MANAGERS_ONLY, SEES_VENUE, Case, expect


def _office_job(w, *, done: bool):
    job = ExportJob.objects.create(owner=w.office, export_name="orgs-units", file_name="units.xlsx")
    if done:
        job.state = ExportJob.State.DONE
        job.file.save("units.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    return job.pk


def _venue_attachment(w):
    attachment = Attachment(
        content_object=w.venue_unit,
        original_name="章程.pdf",
        content_type_label="application/pdf",
        size=8,
        sha256="0" * 64,
        uploaded_by=w.office,
    )
    attachment.file.save("charter.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    return attachment.pk


def _office_notification(w):
    return Notification.objects.create(recipient=w.office, title="test", url="/workbench/").pk


def _calendar_day(w):
    from datetime import date

    from changxiao.core.models import CalendarDay

    return CalendarDay.objects.create(date=date(2099, 1, 1), is_workday=False, name="元旦").pk


def _calendar_body(w) -> dict:
    """A make-up working day of a newly announced calendar, a month ahead (within the planned-date window)."""
    from datetime import timedelta

    from changxiao.core.deadlines import local_today

    return {"date": (local_today() + timedelta(days=30)).isoformat(), "is_workday": "on", "name": "调休上班"}


def _units_template(w) -> dict:
    """The unit import's own template, uploaded as downloaded: its example row is the 姑苏区 cultural centre under
    the district bureau, which the office and the district coordinator manage (it updates that unit)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from changxiao.core.imports import XLSX, build_template, get_import

    content = build_template(get_import("orgs-units"))
    return {"file": SimpleUploadedFile("units.xlsx", content, content_type=XLSX)}


CASES: list[Case] = [
    Case("home", lambda w: reverse("home"), expect(302, office2=302)),
    Case("cockpit:workbench", lambda w: reverse("cockpit:workbench"), EVERYONE),
    Case("core:inbox", lambda w: reverse("core:inbox"), EVERYONE),
    Case(
        "core:notification_open",
        lambda w: reverse("core:notification_open", args=[_office_notification(w)]),
        expect(404, office=302),
        method="post",
    ),
    Case(
        "core:notifications_mark_all_read",
        lambda w: reverse("core:notifications_mark_all_read"),
        expect(302, office2=302),  # the person's own inbox
        method="post",
    ),
    Case(
        "core:attachment_download",
        lambda w: reverse("core:attachment_download", args=[_venue_attachment(w)]),
        SEES_VENUE,
    ),
    # The working-day calendar is national, not a city's: every leading-group office keeps it, the second city's too.
    Case("core:calendar", lambda w: reverse("core:calendar"), expect(403, office=200, office2=200)),
    Case(
        "core:calendar",
        lambda w: reverse("core:calendar"),
        expect(403, office=302, office2=302),  # the calendar is national: the leading-group office keeps it
        method="post",
        data=_calendar_body,
    ),
    Case(
        "core:calendar_delete",
        lambda w: reverse("core:calendar_delete", args=[_calendar_day(w)]),
        expect(403, office=302, office2=302),
        method="post",
    ),
    # The background-work queue is the deployment's, as the calendar is national: every leading-group office reads it.
    Case("core:tasks", lambda w: reverse("core:tasks"), expect(403, office=200, office2=200)),
    Case("core:export_start", lambda w: reverse("core:export_start", args=["orgs-units"]), EVERYONE),
    Case("core:export_list", lambda w: reverse("core:export_list"), EVERYONE),  # each person's own files
    Case(
        "core:export_job",
        lambda w: reverse("core:export_job", args=[_office_job(w, done=False)]),
        expect(404, office=200),
    ),
    Case(
        "core:export_download",
        lambda w: reverse("core:export_download", args=[_office_job(w, done=True)]),
        expect(404, office=200),
    ),
    Case("core:import_upload", lambda w: reverse("core:import_upload", args=["orgs-units"]), MANAGERS_ONLY),
    Case(
        "core:import_upload",
        lambda w: reverse("core:import_upload", args=["orgs-units"]),
        # The template's example row is a unit of 苏州市: the second city's office is told, row by row (200).
        expect(403, office=302, district=302, office2=200),
        method="post",
        data=_units_template,
    ),
    Case(
        "core:import_template",
        lambda w: reverse("core:import_template", args=["orgs-regions"]),
        MANAGERS_ONLY,
    ),
    Case("core:healthz", lambda w: reverse("core:healthz"), expect(200, anonymous=200, office2=200)),
    Case("public:home", lambda w: reverse("public:home"), expect(200, anonymous=200, office2=200)),
    Case("cockpit:metrics", lambda w: reverse("cockpit:metrics"), EVERYONE),
]
