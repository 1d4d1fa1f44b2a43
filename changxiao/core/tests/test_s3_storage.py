"""Uploaded files in an S3-compatible bucket (FILE_STORAGE=s3), against a real S3 server on loopback (moto's server
mode, started in this process — no network): uploads land in the bucket, private, and are served only through the
permission-checking views; an export file too; a failed upload leaves no object; backup and restore go through the
bucket."""

import errno
import hashlib
import io
import os
import socket
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from moto.server import ThreadedMotoServer

from changxiao.core.backup import stored_checksums
from changxiao.core.models import Attachment, ExportJob
from changxiao.core.tests.test_backup import fresh_site, manage  # noqa: F401 (a fixture)
from changxiao.core.tests.test_exports import read_rows
from changxiao.core.tests.test_uploads import PNG, office_zip, upload
from changxiao.core.uploads import attach_files

CREDENTIALS = {
    "access_key": "changxiao-test",
    "secret_key": "changxiao-test-secret",
    "region_name": "us-east-1",
}


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: object

    def keys(self) -> list[str]:
        return [item["Key"] for item in self.client.list_objects_v2(Bucket=self.name).get("Contents", [])]

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def environment(self) -> dict[str, str]:
        """What an operator sets for this bucket (README, production section)."""
        return {
            "FILE_STORAGE": "s3",
            "S3_BUCKET": self.name,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_ACCESS_KEY_ID": CREDENTIALS["access_key"],
            "S3_SECRET_ACCESS_KEY": CREDENTIALS["secret_key"],
            "S3_REGION": CREDENTIALS["region_name"],
        }


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def new_bucket(endpoint: str) -> Bucket:
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name=CREDENTIALS["region_name"],
    )
    name = f"changxiao-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return Bucket(name, endpoint, client)


@pytest.fixture
def bucket(s3_endpoint, settings):
    """The site's files in a bucket of their own, as settings.py builds STORAGES for FILE_STORAGE=s3."""
    created = new_bucket(s3_endpoint)
    options = {
        **CREDENTIALS,
        "bucket_name": created.name,
        "endpoint_url": s3_endpoint,
        "addressing_style": "path",
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "changxiao.core.storage_s3.PrivateS3Storage", "OPTIONS": options},
    }
    return created


def local_files(settings) -> list[Path]:
    media = Path(settings.MEDIA_ROOT)
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_an_upload_lands_in_the_bucket_private_and_is_served_only_to_who_sees_it(
    world, login, client, bucket, settings
):
    login(world.office)
    docx = office_zip("word/document.xml")
    upload(client, world.venue_unit, SimpleUploadedFile("plan.docx", docx))
    attachment = Attachment.objects.get()
    assert bucket.keys() == [attachment.file.name]
    assert bucket.read(attachment.file.name) == docx
    assert not local_files(settings), "nothing is written to the local disk"
    grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=attachment.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's only: not public
    assert all("URI" not in grant["Grantee"] for grant in grants)

    url = reverse("core:attachment_download", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == docx
    assert int(response["Content-Length"]) == attachment.size
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.member)
    assert client.get(url).status_code == 404


def test_an_export_file_is_kept_in_the_bucket_for_its_owner_only(
    world, login, settings, bucket, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 3
    client = login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("core:export_start", args=["orgs-units"]))
    job = ExportJob.objects.get(state=ExportJob.State.DONE)
    assert bucket.keys() == [job.file.name] and job.file.name.startswith("exports/")
    download = client.get(reverse("core:export_download", args=[job.pk]))
    assert len(read_rows(b"".join(download.streaming_content))) == job.total_rows + 1
    client.force_login(world.member)
    assert client.get(reverse("core:export_download", args=[job.pk])).status_code == 404


def answer_store_full(request, **kwargs):
    """The store answers a write as MinIO does when its drives are full (botocore's hook before a request is sent)."""
    body = b"<Error><Code>XMinioStorageFull</Code><Message>Storage backend has reached its minimum free drive threshold.</Message></Error>"  # noqa: E501
    return AWSResponse(request.url, 507, {"Content-Type": "application/xml"}, _Raw(body))


class _Raw(io.BytesIO):
    def stream(self, **kwargs):
        yield self.getvalue()


def test_a_full_store_stores_nothing_and_says_so(world, login, client, bucket):
    default_storage.connection.meta.client.meta.events.register("before-send.s3.PutObject", answer_store_full)
    login(world.office)
    page = upload(
        client,
        world.venue_unit,
        SimpleUploadedFile("photo.png", PNG),
        SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF"),
    )
    messages = [str(m) for m in page.context["messages"]]
    assert any("服务器存储空间已满" in m or "no room" in m for m in messages), messages
    assert not Attachment.objects.exists()
    assert bucket.keys() == []


def test_a_store_out_of_reach_stores_nothing_and_says_so(world, login, client, bucket, settings):
    """The store is down (nothing listens at its address): the form says so, nothing is stored, nothing hangs."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    options = settings.STORAGES["default"]["OPTIONS"]
    # No retries in the test (a real site keeps botocore's: a store restarting is waited for a few seconds).
    no_retry = Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=2)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**options, "endpoint_url": closed, "client_config": no_retry},
        },
    }
    login(world.office)
    page = upload(client, world.venue_unit, SimpleUploadedFile("photo.png", PNG))
    messages = [str(m) for m in page.context["messages"]]
    assert any("暂时无法连接文件存储" in m for m in messages), messages
    assert not Attachment.objects.exists()
    assert bucket.keys() == []


class FailingAfter(io.BytesIO):
    """An upload whose source fails part-way (the disk under the request's temporary file, a dropped client)."""

    def __init__(self, data: bytes, fail_at: int):
        super().__init__(data)
        self.fail_at = fail_at

    def read(self, size=-1):
        if self.tell() >= self.fail_at:
            raise OSError(errno.EIO, "input/output error")
        return super().read(size)


def test_an_upload_failing_part_way_leaves_no_object_nor_part(bucket):
    size = 9 * 1024 * 1024  # past boto3's multipart threshold (8 MiB): sent in parts of 8 MiB
    with pytest.raises(OSError):
        default_storage.save("attachments/big.pdf", File(FailingAfter(b"x" * size, 8 * 1024 * 1024)))
    assert bucket.keys() == []
    assert not bucket.client.list_multipart_uploads(Bucket=bucket.name).get("Uploads"), (
        "the parts are discarded"
    )


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_go_through_the_bucket(world, tmp_path, bucket, s3_endpoint, fresh_site):  # noqa: F811
    attach_files(
        world.venue_unit,
        [
            SimpleUploadedFile("photo.png", PNG),
            SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF"),
        ],
        by=world.office,
    )
    source = stored_checksums()
    assert len(source) == 2 and set(source) == set(bucket.keys())

    call_command("backup", output=tmp_path / "backups")
    (archive,) = (tmp_path / "backups").glob("changxiao-backup-*.tar")

    restored_bucket = new_bucket(s3_endpoint)
    site = {**fresh_site, **restored_bucket.environment()}
    restored = manage(site, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr[-3000:]
    assert "2 files" in restored.stdout
    assert sorted(restored_bucket.keys()) == sorted(source)
    assert {key: hashlib.sha256(restored_bucket.read(key)).hexdigest() for key in source} == source
    assert not Path(fresh_site["MEDIA_ROOT"]).exists(), (
        "the restored site's files went to its bucket, not its disk"
    )


@pytest.mark.parametrize(
    "variables,message",
    [
        ({"FILE_STORAGE": "s3"}, "FILE_STORAGE=s3 needs S3_BUCKET"),
        ({"FILE_STORAGE": "s3", "S3_BUCKET": "files"}, "S3_ACCESS_KEY_ID must be set"),
        (
            {"FILE_STORAGE": "s3", "S3_BUCKET": "files", "S3_ADDRESSING_STYLE": "dns"},
            "must be path or virtual",
        ),
        ({"FILE_STORAGE": "bucket"}, "FILE_STORAGE must be filesystem or s3"),
    ],
)
def test_a_file_storage_set_wrong_stops_the_site_with_what_to_fix(variables, message, settings):
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("S3_", "FILE_STORAGE"))
    }
    environment.update(SECRET_KEY="x", PERSONAL_DATA_KEY=settings.PERSONAL_DATA_KEY, DEBUG="0", **variables)
    started = subprocess.run(
        [sys.executable, "-c", "import changxiao.settings"], env=environment, capture_output=True, text=True
    )
    assert started.returncode != 0 and message in started.stderr
