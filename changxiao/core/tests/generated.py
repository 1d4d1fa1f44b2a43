"""Tests' way to a file built in the background (core.exports, core.document_jobs): ask for it as the person does,
let its task run when the request commits (TASK_BACKEND immediate), and download it from the job's page."""

from django.test import TestCase
from django.urls import resolve, reverse


def fetch_generated(client, url: str) -> bytes:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(url)
    assert response.status_code == 302, (url, response.status_code)
    match = resolve(response.url)
    assert match.view_name == "core:export_job", response.url
    download = client.get(reverse("core:export_download", args=[match.kwargs["pk"]]))
    assert download.status_code == 200, (url, download.status_code)
    return b"".join(download.streaming_content)
