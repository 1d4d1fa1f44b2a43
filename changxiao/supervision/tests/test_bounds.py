"""Values that cannot break a round: every date, number and text of supervision is bounded on the form, in the API and
in the service, with a clear message and nothing stored."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.bounds import LONG_TEXT_MAX, TEXT_MAX
from changxiao.core.extensions import extension_request
from changxiao.orgs.services import api_token_issue
from changxiao.supervision import services
from changxiao.supervision.models import (
    Accountability,
    Bulletin,
    EscalationPolicy,
    Finding,
    FindingExtension,
    Inspection,
    Rectification,
)
from changxiao.supervision.tests.factories import FindingFactory

PDF = b"%PDF-1.4\n%%EOF\n"
FAR = "9999-12-31"


@pytest.fixture
def finding(world):
    return FindingFactory(by=world.inspector, lead_unit=world.venue_unit)


def test_an_extension_to_the_far_future_is_refused(world, login, finding):
    venue = login(world.venue)
    url = reverse("supervision:extension_request", args=[finding.pk])
    page = venue.post(url, {"requested_due_date": FAR, "reason": "需采购"}).content.decode()
    assert "期限不能晚于5年后" in page
    with pytest.raises(ValidationError):
        extension_request(
            workflow=services.FINDING_EXTENSIONS,
            target=finding,
            by=world.venue,
            requested_due_date=date(9999, 12, 31),
            reason="需采购",
        )
    assert not FindingExtension.objects.exists()
    # Within the window, it is accepted.
    extension_request(
        workflow=services.FINDING_EXTENSIONS,
        target=finding,
        by=world.venue,
        requested_due_date=finding.due_date + timedelta(days=30),
        reason="需采购",
    )


def test_a_finding_deadline_is_bounded(world, login, finding):
    inspector = login(world.inspector)
    url = reverse("supervision:finding_add", args=[finding.inspection_id])
    data = {
        "description": "问题",
        "severity": "minor",
        "lead_unit": world.venue_unit.pk,
        "requirement": "整改",
    }
    for extra in ({"due_date": FAR}, {"due_workdays": 10_000}, {"due_workdays": 0}, {"due_workdays": "1e20"}):
        response = inspector.post(url, data | extra)
        assert response.status_code == 200, extra
    for extra in ({"due_date": date(9999, 12, 31)}, {"due_workdays": 10_000}):
        with pytest.raises(ValidationError):
            services.finding_add(
                inspection=finding.inspection,
                by=world.inspector,
                description="问题",
                lead_unit=world.venue_unit,
                requirement="整改",
                severity="minor",
                **extra,
            )
    assert Finding.objects.count() == 1


def test_dates_of_what_happened_are_bounded(world, login, finding):
    office = login(world.office)
    response = office.post(
        reverse("supervision:inspection_create"),
        {"region": world.city.pk, "kind": "routine", "title": "督查", "date": "1900-01-01"},
    )
    assert response.status_code == 200 and "该日期早于10年前" in response.content.decode()
    with pytest.raises(ValidationError):
        services.inspection_create(
            by=world.office, region=world.city, kind="routine", title="督查", date=date(1900, 1, 1)
        )
    assert Inspection.objects.count() == 1
    response = office.post(
        reverse("supervision:accountability_create"),
        {
            "region": world.city.pk,
            "unit": world.venue_unit.pk,
            "ground": "poor_execution",
            "ground_detail": "未整改",
            "measure": "interview",
            "decided_by": "办公室",
            "decided_on": "1990-01-01",
        },
    )
    assert response.status_code == 200 and not Accountability.objects.exists()
    response = office.post(
        reverse("supervision:bulletin_create"),
        {"region": world.city.pk, "period_start": "1990-01-01", "period_end": "1990-12-31"},
    )
    assert response.status_code == 200 and not Bulletin.objects.exists()
    with pytest.raises(ValidationError):
        services.bulletin_generate(
            by=world.office, region=world.city, period_start=date(1990, 1, 1), period_end=date(1990, 12, 31)
        )


def test_working_day_counts_and_texts_are_bounded(world, login, finding):
    office = login(world.office)
    response = office.post(
        reverse("supervision:escalation_policy"),
        {
            "remind_workdays_before": 3,
            "bulletin_after_workdays": 100_000,
            "accountability_after_workdays": 200_000,
        },
    )
    assert response.status_code == 200 and not EscalationPolicy.objects.exists()
    venue = login(world.venue)
    response = venue.post(
        reverse("supervision:rectification_submit", args=[finding.pk]),
        {"measures": "长" * (LONG_TEXT_MAX + 1), "evidence": [SimpleUploadedFile("a.pdf", PDF)]},
    )
    assert response.status_code == 200 and not Rectification.objects.exists()
    with pytest.raises(ValidationError):
        services.rectification_submit(
            finding=finding,
            by=world.venue,
            measures="长" * (LONG_TEXT_MAX + 1),
            evidence=[SimpleUploadedFile("a.pdf", PDF)],
        )
    with pytest.raises(ValidationError):
        extension_request(
            workflow=services.FINDING_EXTENSIONS,
            target=finding,
            by=world.venue,
            requested_due_date=finding.due_date + timedelta(days=5),
            reason="长" * (TEXT_MAX + 1),
        )
    assert not Rectification.objects.exists() and not FindingExtension.objects.exists()


def test_the_api_refuses_what_the_form_refuses(world, client, finding):
    _token, raw = api_token_issue(unit=world.venue_unit, by=world.office, name="业务系统")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = client.post(
        f"/api/v1/findings/{finding.pk}/rectifications",
        {"measures": "长" * (LONG_TEXT_MAX + 1), "evidence": [SimpleUploadedFile("a.pdf", PDF)]},
        **headers,
    )
    assert response.status_code == 422 and not Rectification.objects.exists()
    huge = 10**30
    assert client.get(f"/api/v1/findings?lead_unit_id={huge}", **headers).status_code == 422
    assert client.get(f"/api/v1/findings?inspection_id={huge}", **headers).status_code == 422
    assert client.get(f"/api/v1/findings?offset={huge}", **headers).status_code == 422
    assert client.get(f"/api/v1/findings?limit={huge}", **headers).status_code == 422
    assert client.get("/api/v1/findings?limit=500&offset=999999999", **headers).json()["items"] == []
    assert client.get(f"/api/v1/findings/{huge}", **headers).status_code in (404, 422)
    assert client.post(
        f"/api/v1/findings/{huge}/rectifications", {"measures": "x"}, **headers
    ).status_code in (
        404,
        422,
    )


def test_every_field_of_every_form_is_bounded(world):
    """Every text has a length, every number a minimum and a maximum, every date one of core.bounds' windows."""
    from django import forms as django_forms

    from changxiao.core.bounds import BoundedDateField
    from changxiao.supervision import forms

    with_user = {
        forms.InspectionForm,
        forms.FindingForm,
        forms.CloseForm,
        forms.FindingFilterForm,
        forms.AccountabilityForm,
        forms.AccountabilityCorrectionForm,
        forms.BulletinGenerateForm,
    }
    classes = [
        value
        for value in vars(forms).values()
        if isinstance(value, type)
        and issubclass(value, django_forms.BaseForm)
        and value.__module__ == forms.__name__
    ]
    # The extension forms are core's (core.forms), walked by tests/test_bounds.py.
    assert len(classes) >= 14
    for form_class in classes:
        form = form_class(user=world.office) if form_class in with_user else form_class()
        for name, field in form.fields.items():
            where = f"{form_class.__name__}.{name}"
            if isinstance(field, django_forms.DateField):
                assert isinstance(field, BoundedDateField), where
            elif isinstance(field, (django_forms.IntegerField, django_forms.DecimalField)):
                assert field.min_value is not None and field.max_value is not None, where
            elif isinstance(field, django_forms.CharField):
                assert field.max_length, where


def test_every_text_of_the_models_has_a_length():
    from django.apps import apps
    from django.db import models

    for model in apps.get_app_config("supervision").get_models():
        for field in model._meta.get_fields():
            if isinstance(field, (models.TextField, models.CharField)):
                assert field.max_length, f"{model.__name__}.{field.name}"
