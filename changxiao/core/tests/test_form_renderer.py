"""The platform's form renderer writes a drop-down list exactly as Django's templates do, only faster."""

from django import forms
from django.forms.renderers import DjangoTemplates

from changxiao.core.form_renderer import FormRenderer


class Filters(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "---"), ("A & B", [("a", "A&B"), ("b", "<B>")]), ("c", 'say "c"')], required=False
    )
    many = forms.MultipleChoiceField(
        choices=[("1", "one"), ("2", "two")],
        widget=forms.SelectMultiple(
            attrs={"size": 2, "data-note": 'a"<b', "disabled": True, "hidden": False}
        ),
    )
    answer = forms.NullBooleanField(required=False)
    day = forms.DateField(required=False)


def test_same_html_as_django_for_every_select_and_other_widgets_untouched():
    data = {"kind": "b", "many": ["2"], "answer": "true"}
    django_form, ours = (
        Filters(data=data, renderer=DjangoTemplates()),
        Filters(data=data, renderer=FormRenderer()),
    )
    django_form.is_valid(), ours.is_valid()
    for name in Filters.base_fields:
        assert ours[name].as_widget() == django_form[name].as_widget(), name
    assert "&lt;B&gt;" in ours["kind"].as_widget() and 'label="A &amp; B"' in ours["kind"].as_widget()
