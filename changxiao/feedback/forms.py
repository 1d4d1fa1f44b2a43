from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from changxiao.core.widgets import SearchSelect
from changxiao.orgs.choices import RegionLevel
from changxiao.orgs.districts import venues_by_district
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.owned import applies_in
from changxiao.orgs.scope import within

from .choices import FeedbackState, Kind, Rating
from .models import Category, DeadlinePolicy, RoutingRule, normalize_tracking_code

PUBLIC_REGION_LEVELS = ["county", "zone", "township"]


ANY_UNIT = "active-units"  # a transfer may suggest any active unit (AppConfig.ready names its search)


class FeedbackForm(forms.Form):
    """The public form: works without JavaScript; photos come as a multiple file input named "photos".

    On a deployment hosting several cities the citizen first picks their city (city=, a plain GET form): the form
    then offers that city's districts, venues and categories (with the shipped and province-wide ones). Without a
    city it offers all of them, and a category must be one offered where the citizen says the matter is."""

    kind = forms.ChoiceField(label=_("What is it?"), choices=Kind.choices, widget=forms.RadioSelect)
    category = forms.ModelChoiceField(label=_("About"), queryset=Category.objects.none())
    region = forms.ModelChoiceField(label=_("Where"), queryset=Region.objects.none())
    venue = forms.ModelChoiceField(label=_("Venue (optional)"), queryset=Unit.objects.none(), required=False)
    content = forms.CharField(
        label=_("Your message"), min_length=5, max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    name = forms.CharField(label=_("Name (optional)"), max_length=40, required=False)
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=20,
        required=False,
        help_text=_("Only the unit handling your message sees it, and it is deleted after a while."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    # Honeypot: hidden from people by CSS; robots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, city: Region | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        path = city.path if city else ""
        categories = Category.objects.filter(is_active=True).select_related("owner")
        if city is not None:
            categories = categories.applying_in(city) | categories.filter(within(city, "owner__path"))
        self.fields["category"].queryset = categories.order_by("sort_order", "pk")
        # A category kept by a district is offered there only: say so beside its name.
        self.fields["category"].label_from_instance = lambda c: (
            f"{c.name}（{c.owner.name}）" if c.owner and city and c.owner.path != city.path else c.name
        )
        self.fields["region"].queryset = Region.objects.filter(
            within(path, "path"), level__in=PUBLIC_REGION_LEVELS
        ).order_by("path")
        venue = self.fields["venue"]
        venue.queryset = Unit.objects.active().filter(within(path), kind="venue")
        # Shown grouped by district (a long flat list is hard to search on a phone); checked against the queryset.
        venue.choices = [("", venue.empty_label), *venues_by_district(city)]
        self.fields["region"].label_from_instance = lambda r: (
            f"{'— ' if r.level == 'township' else ''}{r.name}"
        )

    def clean(self):
        data = super().clean()
        category, region = data.get("category"), data.get("region")
        if category is not None and region is not None and not applies_in(category.owner, region):
            self.add_error(
                "category", _("This category is not offered in the place you chose. Choose one of its own.")
            )
        return data


def public_cities():
    """The cities citizens choose from first when the deployment hosts several: those whose office offers a category
    (its own, one of a district inside it, the province's or a shipped one) — elsewhere the channel is not open."""
    cities = Region.objects.filter(level=RegionLevel.CITY).order_by("code", "pk")
    offered = Category.objects.filter(is_active=True)
    if offered.filter(owner__isnull=True).exists():
        return cities
    paths = list(offered.values_list("owner__path", flat=True).distinct())
    keep = [
        city.pk for city in cities if any(p.startswith(city.path) or city.path.startswith(p) for p in paths)
    ]
    return cities.filter(pk__in=keep)


class CityForm(forms.Form):
    """The first step of the public form on a deployment hosting several cities (a GET form, no JavaScript)."""

    city = forms.ModelChoiceField(label=_("Your city"), queryset=Region.objects.none(), empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = public_cities()


class TrackForm(forms.Form):
    # Long enough for a code pasted with spaces or typed full width; read as the code (normalize_tracking_code).
    code = forms.CharField(label=_("Tracking code"), max_length=40)

    def clean_code(self) -> str:
        code = normalize_tracking_code(self.cleaned_data["code"])
        if not (code.isascii() and code.isalnum() and 6 <= len(code) <= 16):
            raise forms.ValidationError(_("Enter the tracking code on your receipt, such as FK2345ABCDEF."))
        return code


class EvaluationForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How satisfied are you with the answer?"), choices=Rating.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OutcomeEvaluationForm(EvaluationForm):
    """The same rating, asked of the outcome of the supervision the item was escalated into."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].label = _("How satisfied are you with the outcome of the supervision?")


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("What the office did, told to the citizen"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Published on the tracking page; the item then leaves the follow-up list."),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Reply"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    public = forms.BooleanField(
        label=_("Public reply (the citizen sees it); untick for an internal note"),
        required=False,
        initial=True,
    )


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Handling unit"), queryset=Unit.objects.none(), widget=SearchSelect("units")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).active().order_by("sort_order", "code")


class TransferRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it not for your unit?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    suggested_unit = forms.ModelChoiceField(
        label=_("Which unit should handle it (optional)"),
        queryset=Unit.objects.none(),
        required=False,
        widget=SearchSelect(ANY_UNIT),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggested_unit"].queryset = Unit.objects.active().order_by("sort_order", "code")


class TransferRefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the item stay with the unit?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for refusing.")},
    )


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), ("open", _("Not closed")), *FeedbackState.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind of feedback"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    category = forms.ModelChoiceField(label=_("Category"), required=False, queryset=Category.objects.none())
    flag = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Everything")),
            ("triage", _("Waiting to be routed")),
            ("overdue", _("Answer overdue")),
            ("transferred", _("Transferred more than twice")),
            ("follow_up", _("Not satisfied with the outcome of the supervision: to follow up")),
        ],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=60)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.visible_to(user)


class CategoryForm(forms.Form):
    name = forms.CharField(label=capfirst(Category._meta.get_field("name").verbose_name), max_length=40)
    sort_order = forms.IntegerField(
        label=capfirst(Category._meta.get_field("sort_order").verbose_name),
        min_value=0,
        max_value=999_999,
        initial=0,
        required=False,
        help_text=_("Smaller numbers come first in the public form."),
    )

    def clean_sort_order(self) -> int:
        return self.cleaned_data["sort_order"] or 0


class RoutingRuleForm(forms.ModelForm):
    """A rule of the jurisdiction whose settings the page shows (owner): its choices lie inside it."""

    class Meta:
        model = RoutingRule
        fields = ["category", "region", "venue", "unit"]
        widgets = {
            "region": SearchSelect("regions"),
            "venue": SearchSelect("units"),
            "unit": SearchSelect("units"),
        }

    def __init__(self, *args, user, owner: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories_of(owner)
        self.fields["category"].empty_label = _("Any category")
        self.fields["region"].queryset = Region.objects.managed_by(user).subtree(owner).order_by("path")
        self.fields["region"].empty_label = _("Anywhere in %(region)s") % {"region": owner.name}
        units = Unit.objects.managed_by(user).active().filter(within(owner))
        self.fields["venue"].queryset = units.filter(kind="venue").order_by("sort_order", "code")
        self.fields["venue"].empty_label = _("Any venue")
        self.fields["unit"].queryset = units.order_by("sort_order", "code")

    def clean(self):
        data = super().clean()
        if not data.get("region") and not data.get("venue") and not data.get("category"):
            raise forms.ValidationError(_("A rule needs a category, a jurisdiction or a venue."))
        return data


def categories_of(region: Region):
    """The categories offered in a region's jurisdiction: its own, those above it and the shipped ones."""
    return Category.objects.applying_in(region).select_related("owner").order_by("sort_order", "pk")


class DeadlinePolicyForm(forms.Form):
    acknowledge_workdays = forms.IntegerField(
        label=capfirst(DeadlinePolicy._meta.get_field("acknowledge_workdays").verbose_name),
        min_value=1,
        max_value=60,
    )
    answer_workdays = forms.IntegerField(
        label=capfirst(DeadlinePolicy._meta.get_field("answer_workdays").verbose_name),
        min_value=1,
        max_value=120,
    )
