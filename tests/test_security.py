"""Security baseline (等保 habits): lock-out, idle expiry, password policy, headers, CSRF."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD


def test_five_failed_logins_lock_the_account(world, client):
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "office", "password": "wrong"})
        assert response.status_code == 200
    # The fifth failure locks the account; even the right password is then refused.
    response = client.post(reverse("login"), {"username": "office", "password": "wrong"})
    assert response.status_code == 429
    assert "locked" in response.content.decode() or "锁定" in response.content.decode()
    response = client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked (offices share NAT addresses).
    response = client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 302


def test_a_successful_login_resets_the_failure_count(world, client):
    for _ in range(4):
        client.post(reverse("login"), {"username": "office", "password": "wrong"})
    assert client.post(reverse("login"), {"username": "office", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(4):
        client.post(reverse("login"), {"username": "office", "password": "wrong"})
    assert client.post(reverse("login"), {"username": "office", "password": PASSWORD}).status_code == 302


def test_sessions_expire_after_30_idle_minutes(world, login):
    """A session in use is saved (its expiry pushed back 30 minutes) once a minute at most, not on every request."""
    from django.contrib.sessions.models import Session

    from changxiao.core.middleware import SESSION_REFRESHED_KEY

    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    client = login(world.office)
    client.get(reverse("cockpit:workbench"))
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    first = Session.objects.get(session_key=key).expire_date
    client.get(reverse("cockpit:workbench"))
    assert Session.objects.get(session_key=key).expire_date == first  # within the minute: no write
    session = client.session
    session[SESSION_REFRESHED_KEY] -= 61
    session.save()
    saved = Session.objects.get(session_key=key).expire_date
    client.get(reverse("cockpit:workbench"))
    assert Session.objects.get(session_key=key).expire_date > saved  # a minute later: pushed back


@pytest.mark.parametrize("password", ["short1A!", "alllowercaseletters", "1234567890123", "Password123"])
def test_weak_passwords_are_refused(password, db):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_strong_password_passes(db):
    validate_password("Wenhua#Shifanqu2026")


def test_security_headers_on_every_page(world, login):
    client = login(world.office)
    response = client.get(reverse("cockpit:workbench"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "private, no-store"


def test_csrf_is_enforced(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.office)
    response = client.post(reverse("orgs:unit_set_active", args=[world.venue_unit.pk]), {"active": "0"})
    assert response.status_code == 403
    world.venue_unit.refresh_from_db()
    assert world.venue_unit.is_active


def test_changes_are_in_the_audit_trail(world, login):
    from auditlog.models import LogEntry

    client = login(world.office)
    data = {
        "code": "GS-WHG",
        "name": "姑苏区文化馆（新）",
        "kind": "venue",
        "venue_type": "culture_centre",
        "region": world.gusu.pk,
        "sort_order": 0,
    }
    client.post(reverse("orgs:unit_edit", args=[world.venue_unit.pk]), data)
    entry = LogEntry.objects.get_for_object(world.venue_unit).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == world.office
    assert "name" in entry.changes_dict


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get(reverse("orgs:unit_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_secure_cookies_outside_debug(monkeypatch):
    import importlib

    import changxiao.settings as project_settings

    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("PERSONAL_DATA_KEY", "Y2hhbmd4aWFvLXRlc3Qta2V5LW5vdC1mb3ItdXNlISE=")
    monkeypatch.delenv("SECURE_COOKIES", raising=False)
    reloaded = importlib.reload(project_settings)
    try:
        assert reloaded.SESSION_COOKIE_SECURE and reloaded.CSRF_COOKIE_SECURE
    finally:
        monkeypatch.setenv("DEBUG", "1")
        importlib.reload(project_settings)


def test_production_requires_the_personal_data_key(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import changxiao.settings as project_settings

    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.delenv("PERSONAL_DATA_KEY", raising=False)
    monkeypatch.delenv("PERSONAL_DATA_KEY_FILE", raising=False)
    try:
        with pytest.raises(ImproperlyConfigured, match="PERSONAL_DATA_KEY"):
            importlib.reload(project_settings)
    finally:
        monkeypatch.setenv("DEBUG", "1")
        importlib.reload(project_settings)


def test_bad_environment_values_fail_loudly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from changxiao.settings import env_bool, env_int

    monkeypatch.setenv("X_FLAG", "perhaps")
    monkeypatch.setenv("X_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_FLAG")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_NUMBER", 1)


def test_the_api_refuses_nul_characters_before_any_database_sees_them(world, client):
    """PostgreSQL cannot store NUL in text: a progress report's narrative with one answered a server error there."""
    from changxiao.targets.models import ProgressReport
    from changxiao.targets.tests.factories import TaskFactory

    task = TaskFactory(by=world.office, title="任务", lead_unit=world.venue_unit)
    client.force_login(world.venue)
    body = {"period": "2026-Q1", "percent": 10, "narrative": "a\x00b"}
    response = client.post(f"/api/v1/tasks/{task.pk}/reports", body, content_type="application/json")
    assert response.status_code == 400  # the body is refused as a whole: "Cannot parse request body"
    assert client.get("/api/v1/tasks", {"q": "x\x00"}).status_code == 422
    assert not ProgressReport.objects.exists()


def test_api_lists_refuse_offsets_the_database_cannot_take(world, client):
    client.force_login(world.office)
    for path in ("/api/v1/tasks", "/api/v1/units", "/api/v1/regions", "/api/v1/feedback", "/api/v1/findings"):
        assert client.get(path, {"offset": 10**24}).status_code == 422, path
        assert client.get(path, {"limit": 10**6}).status_code == 422, path
        assert client.get(path, {"offset": 0, "limit": 10}).status_code == 200, path
