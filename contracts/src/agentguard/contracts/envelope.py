"""The common envelope every message on the mesh carries."""

import uuid
from datetime import UTC, datetime
from typing import Annotated, Final, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

__all__ = ["SCHEMA_VERSION", "Envelope", "FrozenModel", "Id", "new_id", "utc_now"]

SCHEMA_VERSION: Final = "1.0"


def new_id() -> str:
    """A fresh random identifier (UUID4, hex with dashes)."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    """Timezone-aware now, in UTC."""
    return datetime.now(UTC)


Id = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:@/+=-]+$")]


class FrozenModel(BaseModel):
    """Immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class Envelope(FrozenModel):
    """Fields shared by every message: identity of the message and its causal chain."""

    schema_version: Literal["1.0"] = Field(
        default=SCHEMA_VERSION, description="Contract version; a receiver rejects others."
    )
    message_id: Id = Field(
        default_factory=new_id,
        description="Unique id of this message; doubles as the JetStream Nats-Msg-Id.",
    )
    correlation_id: Id = Field(
        default_factory=new_id,
        description="Id shared by every message caused by one platform request.",
    )
    occurred_at: AwareDatetime = Field(
        default_factory=utc_now, description="When the message was created (UTC)."
    )
    producer: str = Field(
        default="client",
        max_length=128,
        description="Who produced the message: a worker name and instance, or 'client'.",
    )
