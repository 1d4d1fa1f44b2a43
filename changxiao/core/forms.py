from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CalendarDay
from .widgets import DateInput


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_workday", "name"]
        widgets = {"date": DateInput()}
        labels = {"is_workday": _("Make-up working day (unticked: a holiday)")}


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
