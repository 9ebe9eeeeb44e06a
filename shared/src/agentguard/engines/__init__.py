"""Detection engines: pure functions shared by the workers and `agentguard scan`.

Nothing here does I/O or imports a broker, so the offline scan measures exactly what
production runs.
"""

from agentguard.engines.api import (
    EnginePolicy,
    EngineResult,
    ScanResult,
    decide,
    detect_pii,
    detect_secrets,
    prompt_checks,
    redact,
    scan_input,
    validator_checks,
)

__all__ = [
    "EnginePolicy",
    "EngineResult",
    "ScanResult",
    "decide",
    "detect_pii",
    "detect_secrets",
    "prompt_checks",
    "redact",
    "scan_input",
    "validator_checks",
]
