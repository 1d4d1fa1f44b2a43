"""Guards: every value a person or a system can send has bounds that fit what it measures (core.bounds).

Every field of every form of the project — the ones to come included — has a length, a range or a window; every text
column has a length; every field of every API input schema is bounded. A new unbounded field fails here, before a
1e20, a 9999-12-31 or a megabyte of text reaches the database.
"""

import importlib
import pkgutil
import typing
from datetime import date
from decimal import Decimal

import annotated_types
import pytest
from django import forms
from django.apps import apps
from django.db import models
from pydantic import BaseModel

import changxiao
from changxiao.api import api
from changxiao.core.bounds import BoundedDateField, ModelChoicesField
from changxiao.orgs.models import Unit

# Fields exempt from the rule, with the reason.
EXEMPT_FORM_FIELDS = {
    # Django's sign-in form: the username is looked up, never stored; the password is hashed.
    ("LoginForm", "username"): "looked up, never stored; Django limits it to the model's 150",
    ("LoginForm", "password"): "hashed, never stored as typed",
}


def _import_project_modules() -> None:
    for module in pkgutil.walk_packages(changxiao.__path__, "changxiao."):
        if ".tests" in module.name or ".migrations" in module.name or module.name.endswith("management"):
            continue
        importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _project_forms() -> list[type[forms.BaseForm]]:
    _import_project_modules()
    found = {
        form
        for form in _subclasses(forms.BaseForm)
        if form.__module__.startswith("changxiao.") and ".tests" not in form.__module__
    }
    return sorted(found, key=lambda f: (f.__module__, f.__name__))


def _unbounded(field: forms.Field) -> str:
    """Why a form field is unbounded, or an empty string."""
    if isinstance(field, forms.ModelMultipleChoiceField) and not isinstance(field, ModelChoicesField):
        return "several records without core.bounds.ModelChoicesField (a huge id overflows SQLite)"
    if isinstance(field, forms.FileField | forms.ChoiceField | forms.BooleanField | forms.NullBooleanField):
        return ""  # files are checked by core.uploads; choices are what they list
    if isinstance(field, forms.CharField) and field.max_length is None:
        return "a text without max_length"
    if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
        if field.min_value is None or field.max_value is None:
            return "a number without min_value and max_value"
        if isinstance(field, forms.DecimalField) and (
            field.max_digits is None or field.decimal_places is None
        ):
            return "a decimal without max_digits and decimal_places"
    if isinstance(field, forms.DateTimeField):
        return "a date and time (use a bounded date, or add a bounded field type to core.bounds)"
    if isinstance(field, forms.DateField) and not isinstance(field, BoundedDateField):
        return "a date outside core.bounds (RecordDateField, DeadlineField or PlannedDateField)"
    return ""


def test_every_form_field_is_bounded():
    problems = [
        f"{form.__module__}.{form.__name__}.{name}: {reason}"
        for form in _project_forms()
        for name, field in form.base_fields.items()
        if (reason := _unbounded(field)) and (form.__name__, name) not in EXEMPT_FORM_FIELDS
    ]
    assert not problems, "unbounded form fields:\n" + "\n".join(problems)


def test_every_text_column_has_a_length():
    problems = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("changxiao.")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert not problems, "TextFields without max_length:\n" + "\n".join(problems)


def _input_schemas() -> list[tuple[str, type[BaseModel]]]:
    schemas = []
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if not {m.upper() for m in operation.methods} & {"POST", "PUT", "PATCH"}:
                    continue
                for model in operation.models:
                    if isinstance(model, type) and issubclass(model, BaseModel):
                        schemas.append((operation.view_func.__name__, model))
    return schemas


def _bounds_of(info) -> set[type]:
    return {type(m) for m in info.metadata}


def _schema_problems(owner: str, schema: type[BaseModel], seen: set) -> list[str]:
    problems = []
    if schema in seen or schema.__name__ == "PathParams":
        return problems  # path parameters are looked up (an unknown id is a 404), never stored
    seen.add(schema)
    for name, info in schema.model_fields.items():
        if name == "id" or name.endswith("_id"):
            continue  # a reference, looked up: an unknown or huge id finds nothing
        annotation = info.annotation
        args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
        kinds = _bounds_of(info)
        for arg in args:
            origin = typing.get_origin(arg)
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                problems += _schema_problems(owner, arg, seen)
            elif arg is str and not kinds & {annotated_types.MaxLen}:
                problems.append(f"{owner}: {schema.__name__}.{name} is a text without max_length")
            elif arg in (int, float, Decimal) and not (
                kinds & {annotated_types.Le, annotated_types.Lt}
                and kinds & {annotated_types.Ge, annotated_types.Gt}
            ):
                problems.append(f"{owner}: {schema.__name__}.{name} is a number without ge/le")
            elif arg is date and not kinds & {annotated_types.Ge, annotated_types.Le}:
                problems.append(
                    f"{owner}: {schema.__name__}.{name} is a date: check it in the service (core.bounds)"
                )
            elif origin in (list, dict) and not kinds & {annotated_types.MaxLen}:
                problems.append(f"{owner}: {schema.__name__}.{name} is a collection without max_length")
    return problems


# API input fields whose bounds are checked by the service they reach, with the reason.
EXEMPT_SCHEMA_FIELDS: set[str] = set()


def test_every_api_input_is_bounded():
    problems = []
    seen: set = set()
    for owner, schema in _input_schemas():
        problems += _schema_problems(owner, schema, seen)
    problems = [p for p in problems if p not in EXEMPT_SCHEMA_FIELDS]
    assert not problems, "unbounded API inputs:\n" + "\n".join(problems)


@pytest.mark.parametrize("value", ["¹", "99999999999999999999", "-99999999999999999999"])
def test_several_records_refuse_a_key_that_is_no_number_or_too_large(db, value):
    """'¹' is a digit to str.isdigit() but no number to int(): the edit of a task answered 500 to it."""
    field = ModelChoicesField(queryset=Unit.objects.all())
    with pytest.raises(forms.ValidationError) as refused:
        field.clean([value])
    assert refused.value.code == "invalid_pk_value"
