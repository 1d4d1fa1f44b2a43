"""The cockpit's files built in the background: the annual long-term management report (core.document_jobs)."""

from changxiao.core.document_jobs import DocumentDefinition, register_document

from . import report as report_rules
from .permissions import get_report_for_user


def annual_report_for(user, params: dict) -> bytes:
    """The annual report's Word document, for someone who may read the report (404 otherwise)."""
    return report_rules.report_docx(get_report_for_user(user, int(params["pk"])))


ANNUAL_REPORT = register_document(DocumentDefinition(name="cockpit-annual-report", build=annual_report_for))
