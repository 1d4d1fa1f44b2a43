"""What every API endpoint shares: text safe for every database, bounded pagination, a JSON parser that refuses
what PostgreSQL cannot store."""

from typing import Annotated

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.errors import ValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from pydantic import AfterValidator, StringConstraints

from .bounds import COUNT_MAX

PAGE_LIMIT_MAX = 500


def _no_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text; Django's forms reject it, the API must too.
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    return value


QueryText = Annotated[str, StringConstraints(max_length=100), AfterValidator(_no_nul)]


class BoundedPagination(LimitOffsetPagination):
    """limit and offset bounded: an offset of 10**24 reached the database and was a server error; it is a 422. The
    project's pagination class (NINJA_PAGINATION_CLASS), so every list endpoint has it."""

    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=PAGE_LIMIT_MAX)
        offset: int = Field(0, ge=0, le=COUNT_MAX)


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


class NulRefusingParser(Parser):
    """Bodies and query strings with a NUL character are refused (422) before any schema sees them: PostgreSQL
    cannot store NUL in text, and Django's forms refuse it too, so the API must not let it through."""

    def _refuse(self, data):
        if _holds_nul(data):
            raise ValidationError(
                [{"loc": ["body"], "msg": "NUL characters are not allowed", "type": "value_error"}]
            )
        return data

    def parse_body(self, request):
        return self._refuse(super().parse_body(request))

    def parse_querydict(self, data, list_fields, request):
        return self._refuse(super().parse_querydict(data, list_fields, request))
