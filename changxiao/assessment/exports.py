"""The assessment's files built in the background: a round's assessment report (core.document_jobs)."""

from django.core.exceptions import PermissionDenied

from changxiao.core.document_jobs import DocumentDefinition, register_document

from . import permissions, report_document


def round_report_for(user, params: dict) -> bytes:
    """The round's report (Word), for the office that runs the round (404 unseen, 403 seen but not run by them)."""
    assessment_round = permissions.get_round_for_user(user, int(params["pk"]))
    if not permissions.can_run(user, assessment_round):
        raise PermissionDenied
    return report_document.assessment_report(assessment_round)


ROUND_REPORT = register_document(DocumentDefinition(name="assessment-round-report", build=round_report_for))
