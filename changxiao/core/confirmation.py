"""Consequential steps (advancing or publishing a round, issuing a bulletin, publishing results) show what will
happen and what is missing before they are taken, and ask for confirmation.

A service builds a `StepCheck` for the step (what it does, what stands in its way, what is missing), and calls
`check.require(confirmed=...)` before acting: a refusal stops the step whatever is confirmed; what is missing must be
acknowledged by confirming. Views show the check with `confirm_page` (GET) and post `confirmed=1` back; the API
passes `confirmed` in its body. The rule therefore holds for every caller of the service.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


@dataclass
class StepCheck:
    action: str  # what the step is, e.g. "Publish the results of 2026年度考核"
    consequences: list[str] = field(default_factory=list)  # what will happen
    missing: list[str] = field(default_factory=list)  # what is not there yet: to be acknowledged
    refusals: list[str] = field(default_factory=list)  # what forbids the step now

    @property
    def allowed(self) -> bool:
        return not self.refusals

    def require(self, *, confirmed: bool) -> None:
        """Raise a ValidationError unless the step may be taken now and has been confirmed."""
        if self.refusals:
            raise ValidationError(self.refusals)
        if not confirmed:
            raise ValidationError(_("Review what this step will do and confirm it."))


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirmed") == "1"


def confirm_page(
    request: HttpRequest, check: StepCheck, *, back_url: str, errors=(), status: int = 200
) -> HttpResponse:
    """The page that shows a step's check and asks for confirmation; it posts `confirmed=1` to the same address."""
    return render(
        request,
        "core/confirm.html",
        {"check": check, "back_url": back_url, "errors": list(errors)},
        status=status,
    )
