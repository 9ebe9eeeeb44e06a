"""Outside dev, workers refuse placeholder, empty or short secrets."""

import pytest
from pydantic import SecretStr, ValidationError

from agentguard.incident_responder.settings import IncidentResponderSettings
from agentguard.validator.settings import ValidatorSettings

STRONG = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize("key", ["", "short", "dev-only-digest-key-change-me"])
def test_weak_digest_key_refused_outside_dev(key: str) -> None:
    with pytest.raises(ValidationError):
        ValidatorSettings(environment="prod", digest_key=SecretStr(key))


def test_strong_digest_key_accepted_and_dev_default_allowed() -> None:
    assert ValidatorSettings(environment="prod", digest_key=SecretStr(STRONG)).environment == "prod"
    assert ValidatorSettings().environment == "dev"


def test_short_webhook_secret_refused_outside_dev() -> None:
    with pytest.raises(ValidationError):
        IncidentResponderSettings(
            environment="prod",
            digest_key=SecretStr(STRONG),
            webhook_url="https://alerts.example.com/hook",
            webhook_secret=SecretStr("x"),
        )
