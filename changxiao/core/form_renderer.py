"""The form renderer of the platform (settings.FORM_RENDERER): Django's own, except for drop-down lists.

Django draws each <option> of a <select> through a template of its own (select_option.html, with attrs.html inside):
about a quarter of a millisecond an option. A city's filter of responsible units or jurisdictions lists 1,700 of them
on a province's data, so one such filter took 400–600 ms of a list page (bench/province.py). Here a <select> whose
options use Django's templates is written directly in Python, to the same HTML (escaped the same way); anything else,
and a widget with templates of its own, goes through the templates as before."""

import html

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _escape(value) -> str:
    """conditional_escape without its lazy wrappers (a few microseconds an option, thousands of options)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"` for each attribute, the name alone for True, nothing for False."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict) -> str:
    """select.html with select_option.html inlined: the same markup, built without a template per option."""
    parts = [f'<select name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_escape(group_name)}">')
        parts.extend(
            f'\n  <option value="{_escape(option["value"])}"{_attrs(option["attrs"])}>{_escape(option["label"])}</option>\n'
            for option in group_choices
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is not None and all(
            option["template_name"] == OPTION
            for _name, choices, _index in widget["optgroups"]
            for option in choices
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
