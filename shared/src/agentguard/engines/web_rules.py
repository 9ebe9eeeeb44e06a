"""SQL injection, XSS and dangerous shell command rules (RE2, anchored on attack structure).

No bare `--`, `/*` or `<` rules: a SQL comment or an HTML tag is ordinary in code and logs.
A rule needs the shape of an attack: a quote that breaks out of a literal followed by a
boolean tautology or a stacked statement, `UNION SELECT` right after a literal, script
content that touches cookies or the network, a pipe from a download into a shell, and so on.
"""

from agentguard.engines._rx import Rule

__all__ = ["SHELL_RULES", "SQLI_RULES", "XSS_RULES"]

_Q = r"['\"`]"
SQLI_RULES: tuple[Rule, ...] = (
    Rule(
        "tautology",
        rf"(?i){_Q}\s*\)?\s*(?:or|and|\|\||&&)\s+\(?{_Q}?\s*\w+{_Q}?\s*(?:=|<>|!=|<|>|like)\s*"
        rf"{_Q}?\s*\w+",
        0.9,
        "quote break-out followed by a boolean tautology",
    ),
    Rule(
        "numeric_tautology",
        r"(?i)(?:\d|\))\s+(?:or|and)\s+\d+\s*=\s*\d+\s*(?:--|#|/\*|;|$)",
        0.8,
        "numeric tautology terminated by a comment",
    ),
    Rule(
        "comment_breakout",
        rf"(?im)\w{_Q}(?:--|#|/\*)|\w{_Q} ?(?:--|#)\s*$",
        0.6,
        "quote break-out followed by a comment that cuts the query",
    ),
    Rule(
        "union_select",
        rf"(?i)(?:{_Q}|\)|\d|--|\*/)\s*union(?:\s+all|\s+distinct)?\s+(?:\(\s*)?select\s",
        0.9,
        "UNION SELECT right after a literal",
    ),
    Rule(
        "stacked_query",
        rf"(?i)(?:{_Q}|\d)\s*\)?\s*;\s*(?:drop\s+(?:table|database)|delete\s+from|truncate\s+"
        r"table|shutdown|exec(?:ute)?\s+(?:xp_|sp_)|insert\s+into|update\s+\w+\s+set|alter\s+"
        r"table|create\s+user|grant\s+all)",
        0.9,
        "stacked statement after a literal",
    ),
    Rule(
        "time_blind",
        r"(?i)(?:\b(?:and|or|;|\|\|)\s*|'\s*)(?:sleep|pg_sleep|benchmark)\s*\(\s*\d|"
        r"\bwaitfor\s+delay\s+'\d",
        0.85,
        "time-based blind injection",
    ),
    Rule(
        "sql_functions",
        r"(?i)\b(?:xp_cmdshell|load_file\s*\(|into\s+(?:out|dump)file\b|"
        r"information_schema\.(?:tables|columns)\b[^\n]{0,40}(?:--|#|union|')|@@version\b"
        r"[^\n]{0,20}(?:--|#))",
        0.75,
        "database functions used for exfiltration",
    ),
)

XSS_RULES: tuple[Rule, ...] = (
    Rule(
        "script_payload",
        r"(?i)<\s*script\b[^>]{0,200}>[^<]{0,400}(?:alert|prompt|confirm|document\.(?:cookie|"
        r"location|write|domain)|window\.location|fetch\s*\(|xmlhttprequest|eval\s*\(|atob\s*\(|"
        r"string\.fromcharcode|\.src\s*=)|<\s*script\b[^>]{0,200}\bsrc\s*=\s*['\"]?(?:https?:)?//",
        0.9,
        "script element with an active payload",
    ),
    Rule(
        "event_handler",
        r"(?i)<\s*(?:img|svg|body|iframe|input|details|video|audio|a|div|marquee|object|embed|"
        r"select|textarea|math|style|link|form|button|image)\b[^>]{0,200}\bon[a-z]{3,20}\s*=\s*"
        r"['\"]?[^'\">]{0,40}(?:alert|prompt|confirm|eval|document\.|window\.|fetch|location|"
        r"javascript|\(|`)",
        0.85,
        "HTML event handler running script",
    ),
    Rule(
        "js_uri",
        r"(?i)(?:href|src|action|formaction|data|xlink:href)\s*=\s*['\"]?\s*(?:javascript|"
        r"vbscript|data:text/html)\s*:",
        0.85,
        "javascript: URI in a link or source attribute",
    ),
    Rule(
        "script_tag",
        r"(?i)<\s*/?\s*(?:script|iframe|object|embed)\b",
        0.4,
        "active-content tag (weak on its own: common in code questions)",
    ),
)

SHELL_RULES: tuple[Rule, ...] = (
    Rule("fork_bomb", r":\s*\(\s*\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:", 0.95, "fork bomb"),
    Rule(
        "rm_root",
        r"(?i)\brm\s+(?:-[a-z]*\s+)*-[a-z]*(?:r[a-z]*f|f[a-z]*r)[a-z]*\s+(?:-[-a-z]+\s+)*"
        r"(?:/|/\*|~/?|\*|\$home/?|/(?:etc|usr|var|home|boot|bin|lib|root)/?)(?:\s|$|;|&|\||\"|')",
        0.95,
        "recursive forced delete of a root or home directory",
    ),
    Rule(
        "pipe_to_shell",
        r"(?i)\b(?:curl|wget|fetch|iwr|invoke-webrequest)\b[^|\n]{0,300}\|\s*(?:sudo\s+)?"
        r"(?:ba|z|k|da|fi)?sh\b|\bbase64\s+(?:-d|--decode)\b[^|\n]{0,100}\|\s*(?:ba)?sh\b",
        0.9,
        "pipes downloaded or decoded content into a shell",
    ),
    Rule(
        "reverse_shell",
        r"(?i)/dev/(?:tcp|udp)/[\w.-]+/\d+|\b(?:nc|ncat|netcat)\b[^\n|;]{0,80}\s-[a-z]*e\s+"
        r"(?:/bin/)?(?:ba|z)?sh\b|\bmkfifo\b[^\n]{0,80}\b(?:nc|ncat|netcat)\b|"
        r"\bsocat\b[^\n]{0,80}exec:|pty\.spawn\s*\(|socket\.socket\([^\n]{0,200}"
        r"(?:subprocess|os\.dup2)",
        0.95,
        "reverse shell",
    ),
    Rule(
        "disk_wipe",
        r"(?i)\b(?:mkfs(?:\.\w+)?\s+/dev/[sh]d|dd\s+if=/dev/(?:zero|u?random)\s+of=/dev/"
        r"(?:[sh]d|nvme)|shred\b[^\n]{0,40}/dev/[sh]d|>\s*/dev/[sh]d[a-z]\b)",
        0.95,
        "wipes a disk",
    ),
    Rule(
        "chmod_root",
        r"(?i)\bchmod\s+(?:-R\s+)?(?:777|a\+rwx|0777)\s+/(?:\s|$)",
        0.85,
        "opens the whole filesystem",
    ),
    Rule(
        "powershell_download",
        r"(?i)\b(?:iex|invoke-expression)\b[^\n]{0,40}(?:downloadstring|new-object\s+net\.webclient"
        r"|iwr|invoke-webrequest)|powershell(?:\.exe)?\s+[^\n]{0,40}-(?:enc|encodedcommand|e)\s+"
        r"[A-Za-z0-9+/=]{20,}|\bcertutil\b[^\n]{0,40}-urlcache",
        0.9,
        "downloads and runs a script on Windows",
    ),
)
