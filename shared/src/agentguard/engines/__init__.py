"""Detection engines: pure functions shared by the workers and `agentguard scan`.

Nothing here does network I/O or imports a broker (the classifier artifact is package
data), so the offline scan measures exactly what production runs. The one file the engines
touch is the compiled prefilter cache (`build_prefilters`, see `_hs`). See docs/engines.md
for the approach and the measured figures.
"""

from agentguard.engines._rx import build_prefilters
from agentguard.engines.api import (
    EngineResult,
    ScanResult,
    decide,
    detect_pii,
    detect_secrets,
    prompt_checks,
    scan_input,
    validator_checks,
)
from agentguard.engines.normalize import Normalized, normalize
from agentguard.engines.policy import EnginePolicy
from agentguard.engines.redact import redact

__all__ = [
    "EnginePolicy",
    "EngineResult",
    "Normalized",
    "ScanResult",
    "build_prefilters",
    "decide",
    "detect_pii",
    "detect_secrets",
    "normalize",
    "prompt_checks",
    "redact",
    "scan_input",
    "validator_checks",
]
