"""Guard: every field of every form of the project is labelled in the reader's language.

A field without a label of its own gets one Django derives from its name ("Sort order", from a model field without
verbose_name or a form field without label=): English on a zh-Hans page, and in the timeline's "field: old → new"
lines, which read the same labels. Each form class's fields are read under zh-Hans; a label derived from the name, or
left in plain ASCII words (a string without a translation), fails here.
"""

import re

import pytest
from django.forms.utils import pretty_name
from django.utils import translation

from tests.test_bounds import _project_forms

# Labels that stay as they are, with the reason.
EXEMPT: dict[tuple[str, str], str] = {}
# Found in apps whose engineers were told (assessment, supervision): to be labelled there, then removed from here.
REPORTED: dict[tuple[str, str], str] = {}
# Words, in labels, that read the same in Chinese (abbreviations and names).
ASCII_WORDS = re.compile(r"^(?:[A-Z]{2,}|\d+)(?:[\s/().-]+(?:[A-Z]{2,}|\d+))*$")


def _runtime_label(form, name: str):
    """The label a form gives a field in __init__ (Django's sign-in form labels the username there), when the form
    can be made without arguments; None otherwise."""
    try:
        return form().fields[name].label
    except Exception:  # a form that needs its user, object or request: its class-level label is what it shows
        return None


def _problem(form, name: str, field) -> str:
    if field.widget.is_hidden:
        return ""  # never shown
    label = field.label if field.label is not None else _runtime_label(form, name)
    if label is None:
        return "no label: Django shows its name"
    text = str(label)
    if text == pretty_name(name) or text == name:
        return f"{text!r}, derived from its name: give the field label= or the model field verbose_name"
    if text.isascii() and re.search(r"[A-Za-z]", text) and not ASCII_WORDS.match(text):
        return f"{text!r}: not translated (add the msgid to the zh-Hans catalogue)"
    return ""


@pytest.mark.django_db
def test_every_form_field_is_labelled_in_the_readers_language():
    with translation.override("zh-hans"):
        problems = [
            f"{key[0]}.{name}: {reason}"
            for form in _project_forms()
            for name, field in form.base_fields.items()
            if (key := (f"{form.__module__}.{form.__name__}", name)) not in EXEMPT | REPORTED
            and (reason := _problem(form, name, field))
        ]
    assert not problems, "form fields shown in English to a zh-Hans reader:\n" + "\n".join(problems)


def test_the_lists_name_only_fields_that_still_need_them():
    """An entry of EXEMPT or REPORTED whose field is gone or is now labelled is removed, so the lists stay true."""
    fields = {
        (f"{form.__module__}.{form.__name__}", n): form for form in _project_forms() for n in form.base_fields
    }
    with translation.override("zh-hans"):
        stale = [
            key
            for key in {**EXEMPT, **REPORTED}
            if key not in fields or not _problem(fields[key], key[1], fields[key].base_fields[key[1]])
        ]
    assert not stale, f"remove from the lists: {stale}"
