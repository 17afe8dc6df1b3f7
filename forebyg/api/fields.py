"""Input types shared by the routers: text the database can store (PostgreSQL refuses NUL)."""

from typing import Annotated

from pydantic import AfterValidator, Field

MAX_ID = 2**31 - 1  # an id beyond a 32-bit key cannot exist (and would overflow SQLite)


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    return value


Text = AfterValidator(_no_nul)
Reference = Annotated[str, Field(min_length=1, max_length=30), Text]
Key = Annotated[str, Field(min_length=1, max_length=80), Text]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
