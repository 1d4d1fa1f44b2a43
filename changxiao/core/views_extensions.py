"""The pages of core.extensions, written once: the panel of an object's page (core/_extensions.html), the request
and the decision. An app wraps the two views in its own decorated views (keeping its URLs and URL names) and gives
them `page(request, target, **forms)`, which draws the object's page with a refused form bound as it was typed."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .deadlines import local_today
from .extensions import ExtensionWorkflow, State, extension_approve, extension_refuse, extension_request
from .forms import ExtensionDecisionForm, ExtensionRequestForm, add_service_errors, flash_form_errors
from .permissions import require

Page = Callable[..., HttpResponse]


def extension_panel(request: HttpRequest, target, *, workflow: ExtensionWorkflow, forms: dict) -> dict:
    """The context of core/_extensions.html: the requests with both dates, a decision form on each waiting request
    the person may decide (not their own), and the request form while the person may still ask. A refused form
    comes back with what was typed (`forms`: extension_form, extension_decision_form)."""
    user = request.user
    is_open = workflow.is_open(target)
    may_decide = is_open and workflow.may_decide(user, target)
    decision_form = forms.get("extension_decision_form")
    extensions = list(workflow.extensions_of(target).select_related("requested_by", "decided_by"))
    for extension in extensions:
        extension.decidable = (
            may_decide and extension.state == State.PENDING and extension.requested_by_id != user.pk
        )
        sent = decision_form is not None and getattr(decision_form, "extension_pk", None) == extension.pk
        extension.typed_comment = (decision_form["comment"].value() or "") if sent else ""
        extension.refused_decision = sent
    request_form = forms.get("extension_form")
    may_ask = (
        is_open
        and workflow.may_request(user, target)
        and local_today() <= workflow.due_date(target)
        and not any(extension.state == State.PENDING for extension in extensions)
    )
    return {
        "extensions": extensions,
        "decide_url": workflow.decide_url,
        # A refused request stays on the page with its errors, even when asking is no longer possible.
        "request_action": reverse(workflow.request_url, args=[target.pk])
        if may_ask or request_form is not None
        else "",
        "form": request_form or ExtensionRequestForm(prefix=workflow.form_prefix),
    }


def extension_request_view(
    request: HttpRequest, target, *, workflow: ExtensionWorkflow, page: Page
) -> HttpResponse:
    """POST of the request form; the caller has found `target` among the objects the person sees."""
    require(workflow.may_request(request.user, target))
    form = ExtensionRequestForm(request.POST, prefix=workflow.form_prefix)
    if form.is_valid():
        try:
            extension_request(workflow=workflow, target=target, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Extension requested; it waits for the decision."))
            return redirect(target)
    return page(request, target, extension_form=form)


def extension_decide_view(
    request: HttpRequest, pk: int, *, workflow: ExtensionWorkflow, page: Page
) -> HttpResponse:
    """POST of a decision (approve, or refuse with the reason); a refused decision keeps the comment typed."""
    visible = workflow.visible(request.user)
    extension = get_object_or_404(
        workflow.model.objects.filter(**{f"{workflow.target_field}__in": visible.values("pk")}), pk=pk
    )
    target = visible.get(pk=getattr(extension, f"{workflow.target_field}_id"))
    form = ExtensionDecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        decide = extension_approve if approve else extension_refuse
        try:
            decide(
                workflow=workflow, extension=extension, by=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Extension approved.") if approve else _("Extension refused."))
            return redirect(target)
    # The decision's comment is a one-line field in the list of requests: its errors are shown above the page.
    flash_form_errors(request, form)
    form.extension_pk = extension.pk
    return page(request, target, extension_decision_form=form)
