"""Sending and checking the one-time codes of the citizens' sign-in.

A code is 6 digits from `secrets`, sent through the SMS backend (core.sms), stored only as an HMAC keyed with the
project's secret and the phone's digest, valid for CODE_MINUTES and for CODE_ATTEMPTS wrong tries; a new code
replaces the previous ones. Requests are limited per phone (one a minute, PHONE_CODES_PER_HOUR an hour) and per
address (ADDRESS_CODES_PER_MINUTE: a venue's Wi-Fi puts many residents behind one address)."""

import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from changxiao.core import personal_data, ratelimit
from changxiao.core.sms import get_sms_backend

from .models import Citizen, SignInCode

CODE_MINUTES = 10
CODE_ATTEMPTS = 5
PHONE_CODES_PER_MINUTE = 1
PHONE_CODES_PER_HOUR = 5
ADDRESS_CODES_PER_MINUTE = 20
ADDRESS_CHECKS_PER_MINUTE = 60


class TooManyRequests(Exception):
    """Over a rate limit: `seconds` is the honest wait."""

    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds


def _hash(digest: str, code: str) -> str:
    return salted_hmac("changxiao.citizens.code", f"{digest}:{code}").hexdigest()


def code_request(*, phone: str, address: str) -> None:
    """Send a sign-in code to `phone` (refused with a clear message if it is not a mobile number; TooManyRequests
    over a limit, nothing sent)."""
    number = personal_data.normalize_phone(phone)
    if not number.startswith("1"):
        raise ValidationError(_("Enter a mobile number of 11 digits: the code is sent by text message."))
    digest = personal_data.lookup_digest(number)
    if not ratelimit.hit("citizen-code-address", address, limit=ADDRESS_CODES_PER_MINUTE, per_seconds=60):
        raise TooManyRequests(ratelimit.seconds_left(60))
    if not ratelimit.hit("citizen-code-phone", digest, limit=PHONE_CODES_PER_MINUTE, per_seconds=60):
        raise TooManyRequests(ratelimit.seconds_left(60))
    if not ratelimit.hit("citizen-code-phone-hour", digest, limit=PHONE_CODES_PER_HOUR, per_seconds=3600):
        raise TooManyRequests(ratelimit.seconds_left(3600))
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        SignInCode.objects.filter(phone_digest=digest, used_at__isnull=True).update(used_at=now)
        SignInCode.objects.create(
            phone_digest=digest,
            code_hash=_hash(digest, code),
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
    text = _("Your sign-in code is %(code)s, valid for %(minutes)s minutes. Do not give it to anyone.") % {
        "code": code,
        "minutes": CODE_MINUTES,
    }
    get_sms_backend().send(number, text)


def code_verify(*, phone: str, code: str, address: str) -> Citizen:
    """The citizen of `phone` once `code` is its latest unexpired code (registered at the first sign-in);
    ValidationError otherwise, and the code counts one attempt. TooManyRequests over the address's checks."""
    wrong = ValidationError(_("The code is not correct or has expired."))
    try:
        number = personal_data.normalize_phone(phone)
    except ValidationError:
        raise wrong from None
    if not ratelimit.hit("citizen-check-address", address, limit=ADDRESS_CHECKS_PER_MINUTE, per_seconds=60):
        raise TooManyRequests(ratelimit.seconds_left(60))
    digest = personal_data.lookup_digest(number)
    typed = "".join((code or "").split())[:12]
    now = timezone.now()
    refusal = None
    with transaction.atomic():  # a wrong code's attempt is saved: the refusal is raised after the commit
        latest = (
            SignInCode.objects.select_for_update()
            .filter(phone_digest=digest, used_at__isnull=True, expires_at__gt=now)
            .order_by("-pk")
            .first()
        )
        if latest is None or latest.attempts >= CODE_ATTEMPTS:
            raise wrong
        if not hmac.compare_digest(latest.code_hash, _hash(digest, typed)):
            latest.attempts += 1
            latest.save(update_fields=["attempts"])
            refusal = (
                ValidationError(_("Too many wrong codes. Please ask for a new code."))
                if latest.attempts >= CODE_ATTEMPTS
                else wrong
            )
        else:
            latest.used_at = now
            latest.save(update_fields=["used_at"])
            citizen, _created = Citizen.objects.get_or_create(
                phone_digest=digest,
                defaults={
                    "phone_encrypted": personal_data.encrypt(number),
                    "phone_masked": personal_data.mask_phone(number),
                },
            )
            if citizen.is_active:
                citizen.last_signed_in_at = now
                citizen.save(update_fields=["last_signed_in_at"])
    if refusal is not None:
        raise refusal
    if not citizen.is_active:
        raise ValidationError(_("This number may not sign in. Please contact the service desk."))
    return citizen


def citizen_phone(citizen: Citizen) -> str:
    """The citizen's number in full, for a service that must call or text them (never shown on a page)."""
    return personal_data.decrypt(citizen.phone_encrypted)


def codes_purge(*, older_than_days: int = 1) -> int:
    """Delete codes sent more than a day ago (they are long expired; the sign-ins they allowed are kept)."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _counts = SignInCode.objects.filter(created_at__lt=cutoff).delete()
    return deleted
