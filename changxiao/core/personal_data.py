"""Personal data at rest: phone numbers are stored encrypted (Fernet, key PERSONAL_DATA_KEY) and shown masked."""

import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Mainland mobile numbers, and landlines with their area code (0512-65221234 or 051265221234).
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def _fernet() -> Fernet:
    return Fernet(settings.PERSONAL_DATA_KEY.encode())


def normalize_phone(value: str) -> str:
    """Strip spaces and separators a person may type; refuse what is not a Chinese phone number."""
    phone = re.sub(r"[\s()（）]", "", value or "").replace("+86", "", 1)
    if not PHONE.match(phone):
        raise ValidationError(
            _("Enter a mobile number of 11 digits or a landline with its area code, e.g. 0512-65221234.")
        )
    return phone


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def mask_phone(phone: str) -> str:
    """138****5678; a landline keeps its area code and last four digits."""
    if not phone:
        return ""
    digits = phone.replace("-", "")
    if len(digits) <= 7:
        return "****"
    return f"{digits[:3]}****{digits[-4:]}"
