"""Form widgets shared by every app."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker (<input type="date">). It accepts only ISO dates, so the value is always
    rendered as 2026-12-31 whatever the interface language's date format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SearchSelect(forms.Select):
    """A choice among a city's units or jurisdictions (about 1,700 of them on a province's data): only the blank and the
    chosen option are drawn, beside a search box that asks orgs:choices for up to 20 matches by name or code among
    those the person may see and puts them in the list (htmx). The field still validates the submitted key against
    its own queryset, so what may be chosen is unchanged; the page no longer grows with the units."""

    template_name = "core/widgets/search_select.html"

    def __init__(self, kind: str, attrs=None):
        """kind: "units", "regions" (what the person sees), or a scope an app named (orgs.views_choices.searchable)."""
        super().__init__(attrs=attrs)
        self.kind = kind

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["kind"] = self.kind
        return context

    def optgroups(self, name, value, attrs=None):
        every = self.choices
        chosen = [v for v in value if str(v).isdecimal() and int(v) < 2**63]  # a key the database can hold
        queryset = getattr(every, "queryset", None)
        if queryset is None:  # plain choices: only the chosen ones
            picked = [
                (k, label) for k, label in every if k in ("", None) or str(k) in {str(v) for v in value}
            ]
        else:
            field = every.field
            picked = [("", field.empty_label)] if field.empty_label is not None else []
            picked += [every.choice(obj) for obj in queryset.filter(pk__in=chosen)] if chosen else []
        self.choices = picked
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = every
