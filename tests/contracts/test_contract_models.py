"""Contract invariants: frozen, strict, versioned, every field described."""

import inspect

import pytest
from pydantic import BaseModel, ValidationError

from agentguard import contracts
from agentguard.contracts import CheckInput, ErrorReply, Verdict, parse_reply
from agentguard.contracts.subjects import subject_token

MODELS = [
    obj
    for obj in vars(contracts).values()
    if inspect.isclass(obj) and issubclass(obj, BaseModel) and obj is not BaseModel
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_is_described(model: type[BaseModel]) -> None:
    missing = [name for name, f in model.model_fields.items() if not f.description]
    assert missing == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_models_are_frozen_and_strict(model: type[BaseModel]) -> None:
    assert model.model_config.get("frozen") is True
    assert model.model_config.get("extra") == "forbid"


def test_frozen_instances_refuse_mutation() -> None:
    request = CheckInput(text="x")
    with pytest.raises(ValidationError):
        request.text = "y"  # type: ignore[misc]


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValidationError):
        CheckInput(text="x", occurred_at="2026-01-01T00:00:00")


def test_reply_union_discriminates() -> None:
    verdict = Verdict(request_id="r", decision="block", allowed=False, risk=1.0, latency_ms=1.0)
    error = ErrorReply(code="malformed_json", reason="bad")
    assert isinstance(parse_reply(verdict.model_dump_json()), Verdict)
    assert isinstance(parse_reply(error.model_dump_json()), ErrorReply)


@pytest.mark.parametrize("raw", ["acme", "a.b", "*>", "", "acme corp", "x" * 128, "é"])
def test_subject_tokens_are_safe(raw: str) -> None:
    token = subject_token(raw)
    assert token
    assert not set(token) & set(".*> \t")
    assert token == raw or token.startswith("=")


def test_subject_tokens_are_injective() -> None:
    tenants = ["acme.corp", "acme@corp", "acme_corp", "acme-corp", "=YWNtZQ", "acme", "x" * 65]
    tenants.append("x" * 66)
    assert len({subject_token(t) for t in tenants}) == len(tenants)
