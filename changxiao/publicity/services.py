"""Every write of publicity: a unit writes and submits an article; the office publishes it or returns it with a
reason, and withdraws a published one with a reason; media reports are recorded and raised as supervision findings
(core.events.finding_open). Each step checks who acts, the values and the state, in one transaction, and writes the
timeline."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.bounds import TEXT_MAX, check_record_date, check_text
from changxiao.core.confirmation import StepCheck
from changxiao.core.corrections import require_reason
from changxiao.core.events import FindingOpenRequest, ask, finding_open
from changxiao.core.notifications import notify
from changxiao.core.permissions import require
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import clean_image, validate_upload
from changxiao.core.workflow import StateMachine
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.recipients import region_managers, unit_people

from .choices import BODY_MAX, LINKS_MAX, SUMMARY_MAX, TITLE_MAX, ArticleKind, ArticleState, Mechanism
from .models import Article, MediaReport, RecordLink
from .permissions import can_record_reports, can_review, can_write, writing_units

S = ArticleState
ARTICLE_MACHINE = StateMachine(
    field="state",
    transitions={
        S.DRAFT: frozenset({S.SUBMITTED}),
        S.RETURNED: frozenset({S.SUBMITTED}),
        S.SUBMITTED: frozenset({S.PUBLISHED, S.RETURNED}),
        S.PUBLISHED: frozenset({S.WITHDRAWN}),
        S.WITHDRAWN: frozenset(),
    },
)
register_verbs(
    {
        "article_written": gettext_lazy("wrote the article"),
        "article_updated": gettext_lazy("changed the article"),
        "article_submitted": gettext_lazy("submitted the article for review"),
        "article_published": gettext_lazy("published the article"),
        "article_returned": gettext_lazy("returned the article"),
        "article_withdrawn": gettext_lazy("withdrew the article"),
        "report_recorded": gettext_lazy("recorded a media report"),
        "report_raised": gettext_lazy("raised the media report as a supervision finding"),
    }
)
FINDING_SOURCE = "media"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


def _check_links(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned = []
    for label, path in links:
        label = check_text(label, field="links", maximum=100)
        path = check_text(path, field="links", maximum=200)
        if not label and not path:
            continue
        if not label or not path.startswith("/") or path.startswith("//") or any(c.isspace() for c in path):
            raise ValidationError(
                {"links": _("Give each linked record a name and the address of its page here, from “/”.")}
            )
        cleaned.append((label, path))
    if len(cleaned) > LINKS_MAX:
        raise ValidationError({"links": _("At most %(max)s linked records.") % {"max": LINKS_MAX}})
    return cleaned


def _values(
    *, kind: str, mechanism: str, title: str, summary: str, body: str, image_caption: str = ""
) -> dict:
    if kind not in ArticleKind.values:
        raise ValidationError({"kind": _("Choose one of the values offered.")})
    if mechanism not in Mechanism.values:
        raise ValidationError({"mechanism": _("Choose one of the values offered.")})
    values = {
        "kind": kind,
        "mechanism": mechanism,
        "title": check_text(title, field="title", maximum=TITLE_MAX),
        "summary": check_text(summary, field="summary", maximum=SUMMARY_MAX),
        "body": check_text(body, field="body", maximum=BODY_MAX),
        "image_caption": check_text(image_caption, field="image_caption", maximum=100),
    }
    for field in ("title", "summary", "body"):
        if not values[field]:
            raise ValidationError({field: _("This field is required.")})
    return values


def _store_image(article: Article, image) -> None:
    if image is None:
        return
    validate_upload(image, suffixes=IMAGE_SUFFIXES)
    cleaned = clean_image(image)
    article.image.save(cleaned.name, cleaned, save=False)


@transaction.atomic
def article_write(
    *, by: User, unit: Unit, image=None, links: list[tuple[str, str]] = (), **values
) -> Article:
    """A unit writes an article (a draft, changed until it is submitted)."""
    if not writing_units(by).filter(pk=unit.pk).exists():
        raise PermissionDenied
    cleaned = _values(**values)
    checked_links = _check_links(list(links))
    article = Article(unit=unit, region=unit.region, written_by=by, **cleaned)
    _store_image(article, image)
    article.save()
    RecordLink.objects.bulk_create(
        RecordLink(article=article, label=label, path=path) for label, path in checked_links
    )
    record_event(article, actor=by, verb="article_written")
    return article


@transaction.atomic
def article_update(
    *, article: Article, by: User, image=None, links: list[tuple[str, str]] | None = None, **values
) -> Article:
    require(can_write(by, article))
    cleaned = _values(**values)
    for field, value in cleaned.items():
        setattr(article, field, value)
    _store_image(article, image)
    article.save()
    if links is not None:
        checked = _check_links(list(links))
        article.links.all().delete()
        RecordLink.objects.bulk_create(
            RecordLink(article=article, label=label, path=path) for label, path in checked
        )
    record_event(article, actor=by, verb="article_updated")
    return article


@transaction.atomic
def article_submit(*, article: Article, by: User) -> Article:
    require(can_write(by, article))
    article = Article.objects.select_for_update().get(pk=article.pk)
    ARTICLE_MACHINE.apply(article, S.SUBMITTED, by=by, verb="article_submitted")
    notify(
        [u for u in region_managers(article.region) if can_review(u, article)],
        title=_("An article to review: %(title)s") % {"title": article.title},
        url=article.get_absolute_url(),
    )
    return article


def article_publish_check(*, article: Article, by: User) -> StepCheck:
    check = StepCheck(
        action=_("Publish “%(title)s”") % {"title": article.title},
        consequences=[
            _(
                "The article appears on the public portal, in its news feeds and, for a practice, model or experience, in the typical-cases library."
            )
        ],
    )
    if not can_review(by, article):
        check.refusals.append(
            _("Only the office of the article's jurisdiction publishes it, never the unit that wrote it.")
        )
    if article.state != S.SUBMITTED:
        check.refusals.append(_("Only a submitted article is published."))
    if not article.image:
        check.missing.append(_("The article has no picture: shared in WeChat it shows the site's icon."))
    return check


@transaction.atomic
def article_publish(*, article: Article, by: User, confirmed: bool) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    article_publish_check(article=article, by=by).require(confirmed=confirmed)
    article.published_at, article.published_by = timezone.now(), by
    ARTICLE_MACHINE.apply(
        article, S.PUBLISHED, by=by, verb="article_published", update_fields=("published_at", "published_by")
    )
    notify(
        unit_people(article.unit),
        title=_("Published: %(title)s") % {"title": article.title},
        url=article.get_absolute_url(),
    )
    return article


@transaction.atomic
def article_return(*, article: Article, by: User, reason: str) -> Article:
    require(can_review(by, article))
    reason = require_reason(reason)
    article = Article.objects.select_for_update().get(pk=article.pk)
    article.return_reason = reason
    ARTICLE_MACHINE.apply(
        article, S.RETURNED, by=by, verb="article_returned", comment=reason, update_fields=("return_reason",)
    )
    notify(
        unit_people(article.unit),
        title=_("Returned: %(title)s") % {"title": article.title},
        body=reason,
        url=article.get_absolute_url(),
    )
    return article


@transaction.atomic
def article_withdraw(*, article: Article, by: User, reason: str) -> Article:
    """The office takes a published article off the portal, with the reason on its timeline."""
    require(can_review(by, article))
    reason = require_reason(reason)
    article = Article.objects.select_for_update().get(pk=article.pk)
    article.withdraw_reason = reason
    ARTICLE_MACHINE.apply(
        article,
        S.WITHDRAWN,
        by=by,
        verb="article_withdrawn",
        comment=reason,
        update_fields=("withdraw_reason",),
    )
    return article


# --- Media reports (舆论监督) ------------------------------------------------------------------------------------------


@transaction.atomic
def report_record(
    *,
    by: User,
    region: Region,
    outlet: str,
    title: str,
    reported_on,
    summary: str,
    url: str = "",
    unit: Unit | None = None,
) -> MediaReport:
    require(can_record_reports(by, region))
    outlet = check_text(outlet, field="outlet", maximum=100)
    title = check_text(title, field="title", maximum=TITLE_MAX)
    summary = check_text(summary, field="summary", maximum=TEXT_MAX)
    for field, value in (("outlet", outlet), ("title", title), ("summary", summary)):
        if not value:
            raise ValidationError({field: _("This field is required.")})
    if reported_on is None:
        raise ValidationError({"reported_on": _("This field is required.")})
    check_record_date(reported_on, field="reported_on")
    if url and not url.startswith(("https://", "http://")):
        raise ValidationError({"url": _("Give the web address of the report, from http:// or https://.")})
    report = MediaReport.objects.create(
        region=region,
        outlet=outlet,
        title=title,
        reported_on=reported_on,
        summary=summary,
        url=url[:300],
        unit=unit,
        recorded_by=by,
    )
    record_event(report, actor=by, verb="report_recorded")
    return report


def report_raise_check(*, report: MediaReport, by: User) -> StepCheck:
    check = StepCheck(
        action=_("Raise as a supervision finding: %(title)s") % {"title": report.title},
        consequences=[
            _(
                "A media-oversight inspection with one finding against the responsible unit is opened in supervision."
            )
        ],
    )
    if not can_record_reports(by, report.region):
        check.refusals.append(_("Only the managers of the jurisdiction raise a finding."))
    if report.unit_id is None:
        check.refusals.append(_("Name the responsible unit first."))
    if report.finding_id:
        check.refusals.append(
            _("This report has already caused finding %(ref)s.") % {"ref": report.finding_reference}
        )
    return check


@transaction.atomic
def report_raise(*, report: MediaReport, by: User, confirmed: bool, due_workdays: int = 10) -> MediaReport:
    report = MediaReport.objects.select_for_update().get(pk=report.pk)
    report_raise_check(report=report, by=by).require(confirmed=confirmed)
    try:
        opened = ask(
            finding_open,
            FindingOpenRequest(
                source=FINDING_SOURCE,
                source_ref=f"MR-{report.pk}",
                source_url=report.get_absolute_url(),
                by_id=by.pk,
                region_id=report.region_id,
                unit_id=report.unit_id,
                title=_("Media report: %(outlet)s, %(title)s")
                % {"outlet": report.outlet, "title": report.title},
                notes=report.url,
                description=report.summary,
                requirement=_("Verify what the report says, put it right and answer in public."),
                due_workdays=due_workdays,
            ),
        )
    except ValueError as exc:
        raise ValidationError(_("Supervision does not take findings from media reports yet.")) from exc
    report.finding_id, report.finding_reference, report.finding_url = (
        opened.finding_id,
        opened.reference,
        opened.url,
    )
    report.save(update_fields=["finding_id", "finding_reference", "finding_url"])
    record_event(report, actor=by, verb="report_raised", comment=opened.reference)
    return report
