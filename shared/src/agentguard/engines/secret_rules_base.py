"""Shared pieces of the provider rule tables."""

from agentguard.engines._rx import Rule

__all__ = ["BOUNDARY_END", "BOUNDARY_START", "keyed"]

_ASSIGN = r"""["']?\s*(?:=|:=|:|=>|\|\|:|\?=)\s*["'`]?"""
# Consumed (RE2 has no look-behind), so rules keep the value itself in group 1.
BOUNDARY_START = r"(?:^|[^\w.@/+-])"
BOUNDARY_END = r"(?:\b|$)"


def keyed(name: str, keyword: str, value: str, score: float, why: str) -> Rule:
    """A value only recognisable next to its key name (`twilio_token = ...`)."""
    return Rule(
        name,
        rf"(?i){keyword}[\w.-]{{0,24}}{_ASSIGN}({value})(?:[\"'`\s,;]|$)",
        score,
        why,
    )
