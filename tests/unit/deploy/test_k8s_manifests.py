"""The Kubernetes manifests are restricted and agree with the workers' settings."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic_settings import BaseSettings

from agentguard.audit_sink.settings import AuditSinkSettings
from agentguard.incident_responder.settings import IncidentResponderSettings
from agentguard.output_checker.settings import OutputCheckerSettings
from agentguard.prompt_guard.settings import PromptGuardSettings
from agentguard.validator.settings import ValidatorSettings

K8S = Path(__file__).resolve().parents[3] / "deploy" / "k8s"
SETTINGS: dict[str, type[BaseSettings]] = {
    "validator": ValidatorSettings,
    "prompt-guard": PromptGuardSettings,
    "output-checker": OutputCheckerSettings,
    "audit-sink": AuditSinkSettings,
    "incident-responder": IncidentResponderSettings,
}


def _deployments() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for path in sorted(K8S.rglob("*.yaml")):
        docs.extend(d for d in yaml.safe_load_all(path.read_text()) if d)
    return [d for d in docs if d.get("kind") == "Deployment"]


def test_every_worker_has_a_deployment() -> None:
    assert {d["metadata"]["name"] for d in _deployments()} == set(SETTINGS)


@pytest.mark.parametrize("deployment", _deployments(), ids=lambda d: d["metadata"]["name"])
def test_pods_run_restricted(deployment: dict[str, Any]) -> None:
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
    for container in pod["containers"]:
        ctx = container["securityContext"]
        assert ctx["allowPrivilegeEscalation"] is False
        assert ctx["readOnlyRootFilesystem"] is True
        assert ctx["capabilities"]["drop"] == ["ALL"]
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"


@pytest.mark.parametrize("deployment", _deployments(), ids=lambda d: d["metadata"]["name"])
def test_env_names_are_real_settings(deployment: dict[str, Any]) -> None:
    name = deployment["metadata"]["name"]
    settings = SETTINGS[name]
    prefix = str(settings.model_config.get("env_prefix", ""))
    fields = set(settings.model_fields)
    for container in deployment["spec"]["template"]["spec"]["containers"]:
        assert container["args"] == [f"agentguard.{name.replace('-', '_')}"]
        for env in container["env"]:
            assert env["name"].startswith(prefix), env["name"]
            top = env["name"][len(prefix) :].split("__")[0].lower()
            assert top in fields, f"{env['name']} is not a setting of {name}"


def test_audit_sink_is_a_single_writer() -> None:
    audit = next(d for d in _deployments() if d["metadata"]["name"] == "audit-sink")
    assert audit["spec"]["replicas"] == 1
    assert audit["spec"]["strategy"]["type"] == "Recreate"
