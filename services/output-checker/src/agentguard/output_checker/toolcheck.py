"""Dangerous content in outputs bound for a tool: shell commands and URLs to unknown hosts.

Hosts are compared on the raw text, never the normalized view: a homoglyph domain
('exаmple.com' with a Cyrillic 'а') must not fold onto an allowed one.
"""

from urllib.parse import urlsplit

import re2

from agentguard.contracts import Category, Finding

__all__ = ["dangerous_commands", "host_allowed", "unlisted_urls"]

_COMMANDS: tuple[tuple[str, str, float], ...] = (
    ("RECURSIVE_DELETE",
     r"\brm\s+(?:-[a-zA-Z]*[rR][a-zA-Z]*\s+|--recursive\s+)+(?:-\S+\s+)*[/~*.$]", 0.95),
    ("PIPE_TO_SHELL",
     r"\b(?:curl|wget|fetch)\b[^\n|;]{0,200}\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b", 0.95),
    ("DECODE_TO_SHELL", r"\bbase64\s+(?:-d|--decode)\b[^\n]{0,80}\|\s*(?:ba|z)?sh\b", 0.95),
    ("REVERSE_SHELL",
     r"/dev/tcp/|\bnc(?:at)?\b[^\n]{0,40}\s-e\s|\bsocat\b[^\n]{0,80}exec:", 0.95),
    ("DISK_WIPE", r"\b(?:mkfs(?:\.\w+)?|wipefs)\s|\bdd\s+[^\n]{0,80}\bof=/dev/", 0.95),
    ("FORK_BOMB", r":\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:", 0.95),
    ("WORLD_WRITABLE", r"\bchmod\s+(?:-R\s+)?0?777\s", 0.8),
    ("ENCODED_POWERSHELL",
     r"(?i)\bpowershell(?:\.exe)?\b[^\n]{0,60}\s-(?:e|enc|encodedcommand)\s", 0.9),
    ("DOWNLOAD_EXECUTE",
     r"(?i)\b(?:Invoke-Expression|iex)\b[^\n]{0,80}"
     r"(?:DownloadString|iwr|Invoke-WebRequest)", 0.95),
    ("CREDENTIAL_READ",
     r"(?:cat|less|head|tail|cp|scp)\s+[^\n]{0,40}"
     r"(?:/etc/shadow|\.ssh/id_\w+|\.aws/credentials)", 0.9),
    ("SHUTDOWN", r"\b(?:shutdown|reboot|halt|poweroff)\s+(?:-[a-zA-Z]+\s*|now\b)", 0.8),
)  # fmt: skip
# RE2, never `re`: model output is attacker-controlled, and a pattern such as
# RECURSIVE_DELETE backtracks exponentially under a backtracking engine.
_COMMAND_RX = tuple((kind, re2.compile(pattern), score) for kind, pattern, score in _COMMANDS)
_URL = re2.compile(r"(?i)\b(?:https?|ftp|wss?)://[^\s<>\"'`)\]}]+")


def dangerous_commands(text: str) -> list[Finding]:
    """Shell and PowerShell constructs an agent must not run on a model's say-so."""
    return [
        Finding(
            detector="output.tool.command",
            category=Category.COMMAND,
            type=kind,
            start=m.start(),
            end=m.end(),
            score=score,
            reason=f"dangerous command pattern {kind.lower()}",
        )
        for kind, rx, score in _COMMAND_RX
        for m in rx.finditer(text)
    ]


def host_allowed(host: str, allowlist: tuple[str, ...]) -> bool:
    """Exact host or a subdomain of an allowed domain; ASCII only (IDNs use punycode)."""
    if not host.isascii():
        return False
    host = host.lower().rstrip(".")
    for allowed in allowlist:
        domain = allowed.lower().strip().lstrip("*.").rstrip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def unlisted_urls(text: str, allowlist: tuple[str, ...]) -> list[Finding]:
    """URLs whose host is not on the allowlist (an empty allowlist allows no host)."""
    findings: list[Finding] = []
    for m in _URL.finditer(text):
        try:
            host = urlsplit(m.group()).hostname or ""
        except ValueError:
            host = ""
        if host and host_allowed(host, allowlist):
            continue
        findings.append(
            Finding(
                detector="output.tool.url",
                category=Category.COMMAND,
                type="UNLISTED_URL_HOST",
                start=m.start(),
                end=m.end(),
                score=0.8,
                reason="URL host is not on the tool allowlist",
            )
        )
    return findings
