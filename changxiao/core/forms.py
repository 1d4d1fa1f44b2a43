from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .bounds import PlannedDateField
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
