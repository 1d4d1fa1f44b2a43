"""The citizens' sign-in: a mobile number, a one-time code by text message, a session apart from the staff's."""

from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from changxiao.citizens import auth, services
from changxiao.citizens.models import Citizen, SignInCode

from .conftest import last_code

pytestmark = pytest.mark.django_db
SIGN_IN = "/public/sign-in/"
PHONE = "13812345678"


def _send(client, phone=PHONE, **extra):
    return client.post(
        SIGN_IN, {"action": "send", "phone": phone, **extra}, REMOTE_ADDR=extra.pop("ip", "10.0.0.1")
    )


def _verify(client, code, phone=PHONE, next_url=""):
    return client.post(SIGN_IN, {"action": "verify", "phone": phone, "code": code, "next": next_url})


def test_a_citizen_signs_in_with_a_code_sent_to_the_phone_and_is_registered(client, sms):
    page = client.get(SIGN_IN + "?next=/public/feedback/")
    assert page.status_code == 200
    assert "手机号" in page.content.decode()
    response = _send(client, "138 1234 5678", next="/public/feedback/")
    assert response.status_code == 200
    assert "138****5678" in response.content.decode()
    assert sms[-1][0] == PHONE and "验证码" in sms[-1][1]
    code = last_code(sms)
    stored = SignInCode.objects.get()
    assert code not in stored.code_hash and stored.expires_at <= timezone.now() + timedelta(minutes=10)
    response = _verify(client, code, next_url="/public/feedback/")
    assert response.status_code == 302 and response["Location"] == "/public/feedback/"
    citizen = Citizen.objects.get()
    assert citizen.phone_masked == "138****5678" and PHONE not in citizen.phone_encrypted
    assert services.citizen_phone(citizen) == PHONE
    assert client.session[auth.SESSION_KEY] == citizen.pk
    # Not a staff account: the staff's pages still ask for a sign-in.
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302
    # A second sign-in finds the same citizen.
    client.post("/public/sign-out/")
    assert auth.SESSION_KEY not in client.session
    SignInCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    from django.core.cache import cache

    cache.clear()  # the per-phone minute is over
    _send(client)
    _verify(client, last_code(sms))
    assert Citizen.objects.count() == 1


def test_a_wrong_or_expired_code_is_refused_and_attempts_are_limited(client, sms):
    _send(client)
    code = last_code(sms)
    wrong = "000000" if code != "000000" else "111111"
    response = _verify(client, wrong)
    assert response.status_code == 200 and "验证码不正确或已过期" in response.content.decode()
    for _ in range(services.CODE_ATTEMPTS - 1):
        _verify(client, wrong)
    # The right code no longer works after too many wrong ones.
    response = _verify(client, code)
    assert response.status_code == 200 and auth.SESSION_KEY not in client.session
    assert not Citizen.objects.exists()


def test_an_expired_code_is_refused(client, sms):
    _send(client)
    SignInCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _verify(client, last_code(sms))
    assert response.status_code == 200 and auth.SESSION_KEY not in client.session


def test_a_new_code_replaces_the_previous_one(sms):
    from django.core.cache import cache
    from django.core.exceptions import ValidationError

    services.code_request(phone=PHONE, address="10.0.0.1")
    first = last_code(sms)
    cache.clear()  # past the per-phone minute
    services.code_request(phone=PHONE, address="10.0.0.1")
    second = last_code(sms)
    if first != second:
        with pytest.raises(ValidationError):
            services.code_verify(phone=PHONE, code=first, address="10.0.0.1")
    assert services.code_verify(phone=PHONE, code=second, address="10.0.0.1").phone_masked == "138****5678"


def test_a_bad_number_is_refused_with_a_message_and_nothing_sent(client, sms):
    for phone in ("1234", "0512-65221234", "<script>"):
        response = _send(client, phone)
        assert response.status_code == 200
        assert "mobile" in response.content.decode() or "手机" in response.content.decode()
    assert sms == [] and not SignInCode.objects.exists()


def test_codes_are_limited_per_phone_and_per_address(client, sms):
    assert _send(client).status_code == 200
    response = _send(client)
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert len(sms) == 1
    for n in range(services.ADDRESS_CODES_PER_MINUTE - 1):
        _send(client, f"139{n:08d}")
    response = _send(client, "13700000000")
    assert response.status_code == 429
    # The repeat refused for its phone counted as one of the address's requests too.
    assert len(sms) == services.ADDRESS_CODES_PER_MINUTE - 1


def test_next_must_stay_on_the_site(client, sms):
    _send(client)
    response = _verify(client, last_code(sms), next_url="https://evil.example/")
    assert response.status_code == 302 and response["Location"] == reverse("public:home")


def test_citizen_required_sends_to_the_sign_in_and_back(client, sms):
    factory = RequestFactory()

    @auth.citizen_required
    def page(request):
        return HttpResponse(auth.current_citizen(request).phone_masked)

    request = factory.get("/public/mine/?x=1")
    request.session = client.session
    response = page(request)
    assert response.status_code == 302
    assert response["Location"] == "/public/sign-in/?next=%2Fpublic%2Fmine%2F%3Fx%3D1"
    _send(client)
    _verify(client, last_code(sms))
    request = factory.get("/public/mine/")
    request.session = client.session
    assert page(request).content.decode() == "138****5678"


def test_a_blocked_citizen_is_signed_out(client, sms):
    _send(client)
    _verify(client, last_code(sms))
    Citizen.objects.update(is_active=False)
    request = RequestFactory().get("/")
    request.session = client.session
    assert auth.current_citizen(request) is None


def test_sign_out_is_a_post(client):
    assert client.get("/public/sign-out/").status_code == 405


def test_old_codes_are_purged_by_the_sweep(sms):
    from changxiao.core.sweep import run_sweep

    services.code_request(phone=PHONE, address="10.0.0.1")
    SignInCode.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert run_sweep(only=["citizens.codes_purge"]) == {"citizens.codes_purge": 1}
    assert not SignInCode.objects.exists()
