"""Personal data at rest: phone numbers, names and identity card numbers are stored encrypted (Fernet, key
PERSONAL_DATA_KEY) and shown masked; identifiers typed into anonymous free text are not stored at all
(redact_identifiers)."""

import hashlib
import hmac
import re
from collections.abc import Iterable
from datetime import date

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Mainland mobile numbers, and landlines with their area code (0512-65221234 or 051265221234).
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
# What identifies a person in free text: e-mail addresses; resident identity card numbers (18 characters, or 15
# digits); mobile numbers, also as +86 138 1234 5678 or 138-1234-5678; landlines with their area code. A number
# inside a longer run of digits is left. Full-width digits and signs, as a phone's Chinese keyboard may type them,
# are read as their ASCII twins (_NARROW maps one character to one, so positions stay).
IDENTIFIER = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\dA-Za-z])(?:\d{17}[\dXx]|\d{15})(?![\dA-Za-z])"
    r"|(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)"
    r"|(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)",
    re.ASCII,
)
# QQ numbers and WeChat IDs look like any number or word, so only after their name: 微信号: zhang_san88, QQ 12345678.
CONTACT_ID = re.compile(
    r"(?:qq|扣扣|微信|wechat|vx)(?:号码|号)?\s*(?:是|为|[:：])?\s*([A-Za-z][-\w]{5,19}|\d{5,11})(?![-\w])",
    re.ASCII | re.IGNORECASE,
)
_NARROW = str.maketrans(
    {chr(0xFF10 + n): str(n) for n in range(10)} | {"＋": "+", "－": "-", "＠": "@", "．": "."}
)
HIDDEN = "***"


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


# GB 11643-1999: the weights of the 17 digits of a resident identity card number and the check character of the
# weighted sum modulo 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def normalize_id_number(value: str) -> str:
    """An 18-character resident identity card number (GB 11643-1999): 17 digits, a birth date that exists and the
    check character; a lower-case x is read as X. Anything else is refused with what is wrong."""
    number = re.sub(r"\s", "", value or "").upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(_("An identity card number has 18 characters: 17 digits and a digit or X."))
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1900 or born > timezone.localdate():
        raise ValidationError(
            _("Characters 7 to 14 of an identity card number are a birth date; this one is not.")
        )
    expected = ID_CHECK[sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True)) % 11]
    if number[17] != expected:
        raise ValidationError(
            _(
                "The last character of this identity card number does not match the others: check it for a typo."
            )
        )
    return number


def mask_id_number(number: str) -> str:
    """320***********1234: the region of issue's first digits and the last four only."""
    if not number:
        return ""
    return f"{number[:3]}{'*' * (len(number) - 7)}{number[-4:]}"


def mask_name(name: str) -> str:
    """张*, 张*明, 欧阳**锋: the first character and, past two, the last; the rest hidden."""
    if not name:
        return ""
    if len(name) <= 2:
        return name[0] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]


def lookup_digest(value: str) -> str:
    """A keyed digest of a value stored encrypted (an identity card number), so the same person is found again
    without the value being readable or guessable from the table."""
    return hmac.new(settings.PERSONAL_DATA_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def redact_identifiers(text: str, *, known: Iterable[str] = ()) -> str:
    """The text with every phone number, identity card number, e-mail address, QQ number and WeChat ID replaced by
    ***: what people type into an anonymous form is read by many (districts, venues, exports, reports) and must not
    identify anyone. `known` are what the person gave about themselves beside the text (their name, their phone):
    hidden wherever the text repeats them (a single character is too common to hide).

    The one redaction of the platform: the anonymous survey's answers as they are stored, and citizen text wherever
    it reaches a public page or a document meant for publication (a finding opened from feedback, a bulletin, the
    public tracking of a feedback item)."""
    narrow = text.translate(_NARROW)
    spans = [m.span() for m in IDENTIFIER.finditer(narrow)] + [m.span(1) for m in CONTACT_ID.finditer(narrow)]
    for value in {v.strip().translate(_NARROW) for v in known if v and len(v.strip()) > 1}:
        spans += [m.span() for m in re.finditer(re.escape(value), narrow, re.IGNORECASE)]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + HIDDEN + text[end:]
    return text
