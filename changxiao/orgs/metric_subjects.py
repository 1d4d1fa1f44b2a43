"""The page above a published figure's records: which jurisdiction or unit it is about, and whether the person may
see it. The figures and their registry are core's (core.metrics); who may see a Region or a Unit is orgs' rule, so
the part of the page that needs both lives here, and every app's records page starts from it."""

from urllib.parse import urlencode

from django.utils.functional import SimpleLazyObject

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import get_metric, metric_year, subject_kind

from .permissions import get_metric_subject_for_user


def records_context(request, code: str) -> dict:
    """What every page listing the records behind a figure shows above its rows (core/metric_records.html): the
    metric, the subject asked for (?region= or ?unit=, as core.metrics.records_url writes it; 404 when the person may
    not see it), the year (?year=), the figure as the person sees it (worked out when the page first reads it: a page
    that counts the figure's rows anyway puts its own in its place), and the query without its page number (what the
    pages' links keep: the subject, the year and any filter of the page)."""
    metric = get_metric(code)
    subject = get_metric_subject_for_user(request.user, request.GET)
    year = metric_year(request.GET, local_today().year)
    return {
        "metric": metric,
        "subject": subject,
        "subject_kind": subject_kind(subject),
        "year": year,
        "value": SimpleLazyObject(lambda: metric.value_for(subject, year, request.user)),
        "querystring": urlencode([(k, v) for k, v in request.GET.items() if k != "page"]),
    }
