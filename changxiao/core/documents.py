"""Word (.docx) documents rendered from templates kept in each app's `documents/` folder.

Templates are ordinary Word files with Jinja tags (docxtpl), so the office can restyle them in Word.
"""

import io
from pathlib import Path

from django.apps import apps
from django.http import HttpResponse
from docxtpl import DocxTemplate

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def template_path(name: str) -> Path:
    """'orgs/roster.docx' → <orgs app>/documents/roster.docx."""
    app_label, _, file_name = name.partition("/")
    path = Path(apps.get_app_config(app_label).path) / "documents" / file_name
    if not path.is_file():
        raise FileNotFoundError(f"document template {name} not found at {path}")
    return path


def render_docx(name: str, context: dict) -> bytes:
    document = DocxTemplate(template_path(name))
    document.render(context, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_response(name: str, context: dict, *, filename: str) -> HttpResponse:
    return docx_file_response(render_docx(name, context), filename=filename)


def docx_file_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
