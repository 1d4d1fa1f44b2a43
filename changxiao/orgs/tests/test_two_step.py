"""Optional two-step sign-in (TOTP): set up, sign in with a code, lock-out of guessing, policy by role."""

import pyotp
import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD


def code_for(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def turn_on(user) -> str:
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled_at = timezone.now()
    user.save()
    return user.totp_secret


def test_set_up_and_turn_off(world, login):
    client = login(world.office)
    client.post(reverse("account_security"), {"action": "start"})
    page = client.get(reverse("account_security"))
    secret = page.context["pending_secret"]
    qr = page.context["qr"]
    assert qr.startswith("data:image/svg+xml") and "xmlns" in qr.replace("%3A", ":").replace("%3D", "=")
    wrong = client.post(reverse("account_security"), {"action": "confirm", "code": "000000"})
    assert "code" in wrong.context["form"].errors
    world.office.refresh_from_db()
    assert not world.office.has_two_step
    client.post(reverse("account_security"), {"action": "confirm", "code": code_for(secret)})
    world.office.refresh_from_db()
    assert world.office.has_two_step and world.office.totp_secret == secret
    client.post(reverse("account_security"), {"action": "disable", "code": code_for(secret)})
    world.office.refresh_from_db()
    assert not world.office.has_two_step


def test_sign_in_asks_for_the_code_after_the_password(world, client):
    secret = turn_on(world.office)
    response = client.post(
        reverse("login") + "?next=/orgs/units/", {"username": "office", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("sign_in_code")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("cockpit:workbench")).status_code == 302  # not signed in yet
    wrong = client.post(reverse("sign_in_code"), {"code": "123456"})
    assert wrong.status_code == 200 and "code" in wrong.context["form"].errors
    response = client.post(reverse("sign_in_code"), {"code": code_for(secret)})
    assert response.status_code == 302 and response.url == "/orgs/units/"
    assert client.session["_auth_user_id"] == str(world.office.pk)


def test_five_wrong_codes_send_the_person_back_to_the_password(world, client):
    turn_on(world.office)
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    for _ in range(4):
        assert client.post(reverse("sign_in_code"), {"code": "111111"}).status_code == 200
    response = client.post(reverse("sign_in_code"), {"code": "111111"})
    assert response.status_code == 302 and response.url == reverse("login")
    assert client.get(reverse("sign_in_code")).url == reverse("login")


@pytest.mark.parametrize("code", ["", "abc", "12345", "1234567", "12 34 56 78"])
def test_malformed_codes_are_refused(world, client, code):
    turn_on(world.office)
    client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    response = client.post(reverse("sign_in_code"), {"code": code})
    assert response.status_code == 200 and response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_code_page_without_a_password_step_goes_to_login(client, db):
    assert client.get(reverse("sign_in_code")).url == reverse("login")


def test_required_roles_must_turn_it_on(world, login, settings):
    settings.TWO_STEP_REQUIRED_ROLES = ["office"]
    client = login(world.office)
    response = client.get(reverse("orgs:unit_list"))
    assert response.status_code == 302 and response.url == reverse("account_security")
    assert client.get(reverse("account_security")).status_code == 200
    # Other roles are not affected.
    assert login(world.venue).get(reverse("orgs:unit_list")).status_code == 200
    secret = turn_on(world.office)
    client = login(world.office)
    assert client.get(reverse("orgs:unit_list")).status_code == 200
    client.post(reverse("account_security"), {"action": "disable", "code": code_for(secret)})
    world.office.refresh_from_db()
    assert world.office.has_two_step


def test_the_admin_signs_in_through_the_platform(world, client):
    turn_on(world.superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.url.startswith(reverse("login"))
    client.force_login(world.venue)
    assert client.get("/admin/login/").status_code == 403


def test_the_secret_is_not_in_the_audit_trail(world, login):
    from auditlog.models import LogEntry

    client = login(world.office)
    client.post(reverse("account_security"), {"action": "start"})
    secret = client.get(reverse("account_security")).context["pending_secret"]
    client.post(reverse("account_security"), {"action": "confirm", "code": code_for(secret)})
    assert not any(secret in str(entry.changes) for entry in LogEntry.objects.all())
