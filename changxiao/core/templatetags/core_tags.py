from django import forms, template
from django.utils.html import format_html

from ..deadlines import deadline_status, status_colour
from ..timeline import state_label, verb_label

register = template.Library()

_BADGE_CLASS = {"green": "text-bg-success", "yellow": "text-bg-warning", "red": "text-bg-danger"}


@register.inclusion_tag("core/_deadline_badge.html")
def deadline_badge(due, done_on=None):
    status = deadline_status(due, done_on=done_on)
    colour = status_colour(status) if status else ""
    return {"status": status, "colour": colour, "css": _BADGE_CLASS.get(colour, ""), "due": due}


@register.simple_tag
def status_badge(status):
    if not status:
        return ""
    colour = status_colour(status)
    return format_html(
        '<span class="badge {}">{}</span>', _BADGE_CLASS.get(colour, "text-bg-secondary"), status.label
    )


@register.filter
def verb(value: str) -> str:
    return verb_label(value)


@register.filter
def bootstrap(field):
    """Render a bound field's widget with Bootstrap classes and the invalid state."""
    widget = field.field.widget
    if isinstance(widget, (forms.CheckboxInput,)):
        css = "form-check-input"
    elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
        css = "form-select"
    elif isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
        css = ""
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": css.strip()} if css.strip() else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    elif field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def dict_get(mapping, key):
    """{{ mapping|dict_get:key }}: a dictionary lookup with a variable key (empty list when missing)."""
    return mapping.get(key, []) if mapping else []


@register.simple_tag
def event_state(event, value: str) -> str:
    return state_label(event, value)


@register.inclusion_tag("core/_public_nav.html", takes_context=True)
def public_navigation(context):
    """The public site's one navigation: the home and every app's public entry (core.navigation)."""
    from changxiao.core.navigation import public_entries

    request = context.get("request")
    return {"entries": public_entries(), "path": request.path if request is not None else ""}
