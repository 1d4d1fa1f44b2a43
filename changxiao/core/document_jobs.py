"""Large Word documents built in the background, with the machinery of the large Excel exports (core.exports).

A document that takes seconds to build (the annual long-term management report with its charts, the assessment round's
report over every jurisdiction's scores) is not built in the request: the view checks access, records an ExportJob of
kind Word for the person who asked, and queues it (core.tasks) once the request commits; the person sees the job's
page ("being prepared"), then finds the file on it, in the list of their files and in a notification. A worker builds
it once (the job's claim), in the person's language, checking again that they may still have it, and saves it through
the default storage (a shared folder or S3). Only that person downloads it.

An app registers each such document in its `exports.py`:

    register_document(DocumentDefinition(name="cockpit-annual-report", build=annual_report_for))

where `build(user, params)` returns the document's bytes for the job's parameters (a record's {"pk": …}, or a list's
filter as core.exports.params_to_dict keeps it) — raising Http404 / PermissionDenied, as the view would, when the
user may no longer have it. Small single-record documents (a certificate, one rectification notice) stay in the request:
docs/architecture.md, "Background work".
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .exports import build_job_file
from .models import ExportJob
from .tasks import background_label, enqueue


@dataclass(frozen=True)
class DocumentDefinition:
    name: str
    build: Callable[[Any, dict], bytes]


_REGISTRY: dict[str, DocumentDefinition] = {}


def register_document(definition: DocumentDefinition) -> DocumentDefinition:
    _REGISTRY[definition.name] = definition
    return definition


def get_document(name: str) -> DocumentDefinition | None:
    return _REGISTRY.get(name)


def document_job_start(request: HttpRequest, name: str, *, params: dict, file_name: str) -> HttpResponse:
    """Queue the document `name` with its parameters (JSON: a record's {"pk": …}, a list's filter) for the person
    asking (the view has checked access) and show its page: the document is being prepared."""
    if get_document(name) is None:
        raise LookupError(f"unknown document {name}")
    job = ExportJob.objects.create(
        owner=request.user,
        kind=ExportJob.Kind.WORD,
        export_name=name,
        params=params,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        file_name=file_name,
    )
    enqueue(run_document_job, job.pk)
    messages.info(
        request,
        _("%(name)s is being prepared. It will be on this page and in your files when ready.")
        % {"name": file_name},
    )
    return redirect("core:export_job", job.pk)


@background_label(_lazy("Word document"))
def run_document_job(job_id: int) -> None:
    """Build one Word document (core.exports.build_job_file: claimed once, retried, saved to the default storage)."""
    build_job_file(job_id, _write_document)


def _write_document(job: ExportJob, handle) -> int:
    definition = get_document(job.export_name)
    if definition is None:
        raise LookupError(f"unknown document {job.export_name}")
    handle.write(definition.build(job.owner, job.params))
    return 0


def job_runner(job: ExportJob) -> Callable[[int], None]:
    """The background function that builds this job's file."""
    from .exports import run_export_job

    return run_document_job if job.kind == ExportJob.Kind.WORD else run_export_job
