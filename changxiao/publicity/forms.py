"""The publicity forms: they validate only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from changxiao.core.bounds import TEXT_MAX, RecordDateField
from changxiao.core.widgets import SearchSelect

from .choices import BODY_MAX, SUMMARY_MAX, TITLE_MAX, ArticleKind, Mechanism


class ArticleForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("written by"), queryset=None, widget=SearchSelect("units"))
    kind = forms.ChoiceField(label=_("kind of article"), choices=ArticleKind.choices)
    mechanism = forms.ChoiceField(label=_("mechanism"), choices=Mechanism.choices)
    title = forms.CharField(label=_("title"), max_length=TITLE_MAX)
    summary = forms.CharField(
        label=_("summary"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown in lists and when the article is forwarded in WeChat."),
    )
    body = forms.CharField(label=_("text"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 12}))
    image = forms.ImageField(label=_("picture"), required=False, help_text=_("A JPG or PNG photo."))
    image_caption = forms.CharField(label=_("picture caption"), max_length=100, required=False)
    links = forms.CharField(
        label=_("linked records"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: its name, a “|”, and the address of its page here, e.g. 周庄镇结对帮扶 | /linkage/pairings/3/"
        ),
    )

    def __init__(self, *args, units=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units

    def clean_links(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.cleaned_data["links"].splitlines():
            if line.strip():
                label, _sep, path = line.partition("|")
                rows.append((label.strip(), path.strip()))
        return rows


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    region = forms.ModelChoiceField(label=_("jurisdiction"), queryset=None, widget=SearchSelect("regions"))
    outlet = forms.CharField(label=_("outlet"), max_length=100)
    title = forms.CharField(label=_("title"), max_length=TITLE_MAX)
    reported_on = RecordDateField(label=_("reported on"))
    url = forms.URLField(
        label=_("address of the report"), max_length=300, required=False, assume_scheme="https"
    )
    summary = forms.CharField(
        label=_("what it reports"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.ModelChoiceField(
        label=_("responsible unit"), queryset=None, required=False, widget=SearchSelect("units")
    )

    def __init__(self, *args, regions=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["unit"].queryset = units
