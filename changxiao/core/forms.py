from django import forms
from django.contrib import messages
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .bounds import TEXT_MAX, DeadlineField, PlannedDateField
from .models import CalendarDay


class CalendarDayForm(forms.ModelForm):
    date = PlannedDateField(label=capfirst(CalendarDay._meta.get_field("date").verbose_name))

    class Meta:
        model = CalendarDay
        fields = ["date", "is_workday", "name"]
        labels = {"is_workday": _("Make-up working day (unticked: a holiday)")}


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


def add_service_errors(form, exc) -> None:
    """Put a service's ValidationError on the form: on its fields where the form has them, above it otherwise (a
    service checks things a form does not show, e.g. the evidence of a completion request)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def flash_errors(request, errors) -> None:
    """Refusals shown at the top of the page (a form too small to hold its own errors, a button)."""
    for message in errors:
        messages.error(request, message)


def flash_form_errors(request, form) -> None:
    flash_errors(request, [error for errors in form.errors.values() for error in errors])


class ExtensionRequestForm(forms.Form):
    """延期申请 (core.extensions): the new date and the reason."""

    requested_due_date = DeadlineField(label=_("New due date"))
    reason = forms.CharField(
        label=_("Reason for the extension"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtensionDecisionForm(forms.Form):
    """Approve or refuse an extension request; a refusal needs the comment (the service says so)."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("refuse", _("Refuse"))]
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=TEXT_MAX)
