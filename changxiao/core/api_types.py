"""Field types shared by API schemas: text that is safe to put in a query on every database."""

from typing import Annotated

from pydantic import AfterValidator, StringConstraints


def _no_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text; Django's forms reject it, the API must too.
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    return value


QueryText = Annotated[str, StringConstraints(max_length=100), AfterValidator(_no_nul)]
