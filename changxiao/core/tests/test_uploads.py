"""Attachments: allowed types only, a size limit, no active content; refused files leave nothing behind."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.models import Attachment, TimelineEvent

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def office_zip(main_part: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<xml/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(client, unit, *files):
    return client.post(reverse("orgs:unit_attach", args=[unit.pk]), {"files": list(files)}, follow=True)


def stored_files(settings):
    root = settings.MEDIA_ROOT / "attachments"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    "name,content",
    [
        ("virus.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("notes.txt", b"hello"),
        ("page.html", b"<script>alert(1)</script>"),
        ("macro.docm", office_zip("word/document.xml")),
        ("fake.pdf", b"this is not a pdf at all"),
        ("image.png", b"GIF89a" + b"\x00" * 50),
    ],
)
def test_disallowed_or_mismatched_file_is_refused(world, login, settings, name, content):
    client = login(world.office)
    response = upload(client, world.venue_unit, SimpleUploadedFile(name, content))
    messages = [str(m) for m in response.context["messages"]]
    assert any(name in m for m in messages), messages
    assert Attachment.objects.count() == 0
    assert stored_files(settings) == []


def test_active_content_is_refused(world, login, settings):
    client = login(world.office)
    pdf = b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n%%EOF"
    docx = office_zip("word/document.xml", {"word/vbaProject.bin": b"\x00"})
    for name, content in [("script.pdf", pdf), ("macro.docx", docx)]:
        response = upload(client, world.venue_unit, SimpleUploadedFile(name, content))
        assert any("active content" in str(m) or "活动内容" in str(m) for m in response.context["messages"])
    assert Attachment.objects.count() == 0
    assert stored_files(settings) == []


def test_too_large_file_is_refused_with_the_limit(world, login, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    client = login(world.office)
    response = upload(client, world.venue_unit, SimpleUploadedFile("big.png", PNG + b"\x00" * 2048))
    messages = [str(m) for m in response.context["messages"]]
    assert any("big.png" in m and "1.0" in m for m in messages), messages
    assert Attachment.objects.count() == 0


def test_one_bad_file_stores_none_of_the_batch(world, login, settings):
    client = login(world.office)
    upload(client, world.venue_unit, SimpleUploadedFile("ok.png", PNG), SimpleUploadedFile("bad.exe", b"MZ"))
    assert Attachment.objects.count() == 0
    assert stored_files(settings) == []


def test_allowed_files_are_stored_with_a_timeline_event(world, login):
    client = login(world.office)
    files = [
        SimpleUploadedFile("photo.png", PNG),
        SimpleUploadedFile("plan.docx", office_zip("word/document.xml")),
        SimpleUploadedFile("table.xlsx", office_zip("xl/workbook.xml")),
        SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF"),
    ]
    response = upload(client, world.venue_unit, *files)
    assert response.status_code == 200
    assert Attachment.objects.count() == 4
    event = TimelineEvent.objects.for_object(world.venue_unit).get(verb="attached")
    assert event.attachments.count() == 4
    assert event.actor == world.office


def test_attachment_is_served_only_to_who_sees_the_unit(world, login, client):
    login(world.office)
    upload(client, world.venue_unit, SimpleUploadedFile("photo.png", PNG))
    attachment = Attachment.objects.get()
    url = reverse("core:attachment_download", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.member)
    assert client.get(url).status_code == 404
