"""The Pydantic models of the API's bodies: the path operations (api.py) validate and
serialize with them, and FastAPI builds the OpenAPI document's schemas from them."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from shared.checks import AUTHOR_MAX, TEXT_MAX, control_characters


class Quote(BaseModel):
    """A stored quote."""

    id: int = Field(ge=1)
    text: str = Field(min_length=1, max_length=TEXT_MAX)
    author: str = Field(min_length=1, max_length=AUTHOR_MAX)


class QuotePage(BaseModel):
    """One page of quotes, ordered by id."""

    items: list[Quote]
    total: int
    limit: int
    offset: int


class Health(BaseModel):
    status: Literal["ok"]


class NewQuote(BaseModel):
    """The body of POST /api/quotes. Strict, so "1" is not taken for 1 (nor 1 for "1"); any
    other member is an error; the lengths count after stripping."""

    model_config = ConfigDict(strict=True, extra="forbid")
    text: str = Field(min_length=1, max_length=TEXT_MAX)
    author: str = Field(min_length=1, max_length=AUTHOR_MAX)

    @field_validator("text", "author", mode="before")
    @classmethod
    def strip(cls, value: object) -> object:
        """Python's str.strip(), as the shared checks strip: Pydantic's str_strip_whitespace
        keeps U+001C-U+001F, which Python counts as white space."""
        return value.strip() if isinstance(value, str) else value

    @field_validator("text", "author")
    @classmethod
    def no_control_characters(cls, value: str, info: ValidationInfo) -> str:
        """DATA-1 by the shared rule: no Unicode Cc character, bar a line feed in `text`."""
        if control_characters(value, allow_newline=info.field_name == "text"):
            raise ValueError("must not hold control characters")
        return value
