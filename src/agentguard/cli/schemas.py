"""Generate (or drift-check) the JSON Schemas and AsyncAPI documents of the mesh.

`python -m agentguard.cli.schemas write|check`. JSON Schemas come from the contract models;
the AsyncAPI documents come from each worker's FastStream app, with the channel payloads
filled in from the contracts (handlers take raw bytes so that malformed input can be
answered with a typed error rather than dropped, which leaves FastStream no type to read).
"""

import contextlib
import importlib
import inspect
import json
import os
import pkgutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel

import agentguard.contracts as contracts_pkg
from agentguard.contracts import (
    AnalysisResult,
    CheckInput,
    CheckOutput,
    ErrorReply,
    IncidentOpened,
    Verdict,
    VerdictIssued,
    ViolationDetected,
)
from agentguard.contracts import subjects as s
from agentguard.contracts.enforcement import (
    INCIDENT_ACKNOWLEDGE,
    INCIDENT_RESOLVE,
    AcknowledgeIncident,
    IncidentCommandResult,
    IncidentEscalated,
    IncidentStatusChanged,
    ResolveIncident,
)
from agentguard.contracts.streaming import (
    CANARY_ISSUE,
    OUTPUT_STREAM_ALL,
    CanaryIssued,
    ChunkVerdict,
    IssueCanary,
    OutputChunk,
)

__all__ = ["asyncapi_documents", "json_schemas", "main"]

ROOT = Path(__file__).resolve().parents[3]
SCHEMA_DIR = ROOT / "contracts" / "schemas"
ASYNCAPI_DIR = ROOT / "contracts" / "asyncapi"

# channel -> (accepted message models, reply models)
CHANNEL_MODELS: dict[str, tuple[tuple[type[BaseModel], ...], tuple[type[BaseModel], ...]]] = {
    s.CHECK_INPUT: ((CheckInput,), (Verdict, ErrorReply)),
    s.CHECK_OUTPUT: ((CheckOutput,), (Verdict, ErrorReply)),
    s.PROMPT_GUARD_ANALYZE: ((CheckInput,), (AnalysisResult, ErrorReply)),
    s.EVENTS_ALL: ((VerdictIssued, ViolationDetected), ()),
    s.VIOLATIONS_ALL: ((ViolationDetected,), ()),
    s.INCIDENTS_ALL: ((IncidentOpened, IncidentEscalated, IncidentStatusChanged), ()),
    INCIDENT_ACKNOWLEDGE: ((AcknowledgeIncident,), (IncidentCommandResult, ErrorReply)),
    INCIDENT_RESOLVE: ((ResolveIncident,), (IncidentCommandResult, ErrorReply)),
    CANARY_ISSUE: ((IssueCanary,), (CanaryIssued, ErrorReply)),
    OUTPUT_STREAM_ALL: ((OutputChunk,), (ChunkVerdict, ErrorReply)),
}

WORKER_APPS = (
    "agentguard.validator.app",
    "agentguard.prompt_guard.app",
    "agentguard.output_checker.app",
    "agentguard.audit_sink.app",
    "agentguard.incident_responder.app",
)


def contract_models() -> dict[str, type[BaseModel]]:
    """Every pydantic model defined in agentguard.contracts and its submodules."""
    found: dict[str, type[BaseModel]] = {}
    for info in pkgutil.walk_packages(contracts_pkg.__path__, "agentguard.contracts."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseModel)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
                and name != "FrozenModel"
            ):
                found[name] = obj
    return dict(sorted(found.items()))


def json_schemas() -> dict[str, str]:
    """File name -> JSON text, one schema per contract model."""
    return {
        f"{name}.json": json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n"
        for name, model in contract_models().items()
    }


def _fill_payloads(doc: dict[str, Any]) -> dict[str, Any]:
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for channel in doc.get("channels", {}).values():
        address = channel.get("address")
        if address not in CHANNEL_MODELS:
            continue
        accepted, replies = CHANNEL_MODELS[address]
        for ref in channel.get("messages", {}).values():
            key = unquote(ref["$ref"].rsplit("/", 1)[-1])
            message = components["messages"][key]
            refs = [{"$ref": f"#/components/schemas/{m.__name__}"} for m in accepted]
            message["payload"] = refs[0] if len(refs) == 1 else {"oneOf": refs}
            if replies:
                message["x-replies"] = [
                    {"$ref": f"#/components/schemas/{m.__name__}"} for m in replies
                ]
        for model in accepted + replies:
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for def_name, definition in schema.pop("$defs", {}).items():
                schemas[def_name] = definition
            schemas[model.__name__] = schema
    if "EmptyPayload" in schemas and "EmptyPayload" not in json.dumps(doc["channels"]):
        del schemas["EmptyPayload"]
    return doc


@contextlib.contextmanager
def _scratch_data() -> Iterator[None]:
    """The audit-sink's data in a scratch folder while apps are built, then gone.

    Building an app must not touch the real data folders (the audit-sink opens its log),
    nor leave a folder behind on every drift check; settings the caller chose stay."""
    with tempfile.TemporaryDirectory(prefix="agentguard-schemas-") as scratch:
        wanted = {
            "AGENTGUARD_AUDIT_SINK_LOG_PATH": f"{scratch}/audit.jsonl",
            "AGENTGUARD_AUDIT_SINK_DATA_DIR": scratch,
        }
        saved = {name: os.environ.get(name) for name in wanted}
        for name, value in wanted.items():
            os.environ.setdefault(name, value)
        try:
            yield
        finally:
            for name, before in saved.items():
                if before is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = before


def asyncapi_documents() -> dict[str, str]:
    """File name -> AsyncAPI JSON, one document per worker."""
    docs: dict[str, str] = {}
    with _scratch_data():
        for module_name in WORKER_APPS:
            module = importlib.import_module(module_name)
            app = module.create_app()
            doc = _fill_payloads(app.schema.to_specification().to_jsonable())
            worker = module_name.split(".")[1].replace("_", "-")
            docs[f"{worker}.json"] = json.dumps(doc, indent=2, sort_keys=True) + "\n"
    return docs


def _targets() -> dict[Path, str]:
    files = {SCHEMA_DIR / name: text for name, text in json_schemas().items()}
    files.update({ASYNCAPI_DIR / name: text for name, text in asyncapi_documents().items()})
    return files


def main(argv: list[str]) -> int:
    """write: regenerate; check: exit 1 listing drifted files."""
    mode = argv[0] if argv else "check"
    targets = _targets()
    if mode == "write":
        for directory in (SCHEMA_DIR, ASYNCAPI_DIR):
            directory.mkdir(parents=True, exist_ok=True)
            for stale in directory.glob("*.json"):
                if stale not in targets:
                    stale.unlink()
        for path, text in targets.items():
            path.write_text(text)
        print(f"wrote {len(targets)} files")
        return 0
    drift = [
        str(p.relative_to(ROOT)) for p, t in targets.items() if not p.exists() or p.read_text() != t
    ]
    for directory in (SCHEMA_DIR, ASYNCAPI_DIR):
        drift += [str(p.relative_to(ROOT)) for p in directory.glob("*.json") if p not in targets]
    if drift:
        print("schemas drifted from the models; run `make schemas`:\n  " + "\n  ".join(drift))
        return 1
    print(f"schemas up to date ({len(targets)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
