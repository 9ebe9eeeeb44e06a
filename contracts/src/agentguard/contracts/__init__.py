"""The wire contract between agent platforms and the agentguard mesh.

Everything an integrator needs is here: typed envelopes, the category vocabulary,
subject and stream names. Nothing in this package does I/O.
"""

from agentguard.contracts.enums import (
    Category,
    CheckKind,
    Decision,
    ErrorCode,
    IncompleteReason,
    Provenance,
    RedactionMode,
    Severity,
)
from agentguard.contracts.envelope import SCHEMA_VERSION, Envelope, new_id, utc_now
from agentguard.contracts.events import (
    DeadLetter,
    IncidentOpened,
    VerdictIssued,
    ViolationDetected,
)
from agentguard.contracts.messages import (
    AnalysisResult,
    CheckInput,
    CheckOutput,
    CheckReply,
    CheckTiming,
    ErrorReply,
    Finding,
    Identity,
    IncompleteCheck,
    PolicyHints,
    Verdict,
    parse_reply,
)

__all__ = [
    "SCHEMA_VERSION",
    "AnalysisResult",
    "Category",
    "CheckInput",
    "CheckKind",
    "CheckOutput",
    "CheckReply",
    "CheckTiming",
    "DeadLetter",
    "Decision",
    "Envelope",
    "ErrorCode",
    "ErrorReply",
    "Finding",
    "Identity",
    "IncidentOpened",
    "IncompleteCheck",
    "IncompleteReason",
    "PolicyHints",
    "Provenance",
    "RedactionMode",
    "Severity",
    "Verdict",
    "VerdictIssued",
    "ViolationDetected",
    "new_id",
    "parse_reply",
    "utc_now",
]
