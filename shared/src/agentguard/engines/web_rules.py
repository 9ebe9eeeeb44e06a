"""SQL injection, XSS and dangerous shell command rules (RE2, anchored on attack structure).

No bare `--`, `/*` or `<` rules: a SQL comment or an HTML tag is ordinary in code and logs.
A rule needs the shape of an attack: a quote that breaks out of a literal followed by a
boolean tautology or a stacked statement, `UNION SELECT` right after a literal, script
content that touches cookies or the network, a pipe from a download into a shell, and so on.
"""

import re2

from agentguard.engines._rx import Rule, windowed

__all__ = ["SHELL_RULES", "SQLI_RULES", "XSS_RULES"]

_Q = r"['\"`]"
# both halves of `terminated_payload` (one rule until its `#` form was windowed) say this
_TERMINATED = (
    "an injected fragment closed by the attacker's comment idioms (`-- -`, a trailing #, "
    "MySQL versioned or empty comments splitting keywords)"
)

SQLI_RULES: tuple[Rule, ...] = (
    Rule(
        "tautology",
        rf"(?i){_Q}\s*\)*\s*(?:or|and|\|\||&&)\s+\(*\s*(?:{_Q}[^'\"`\n]{{0,20}}{_Q}|\d+)\s*"
        rf"(?:=|<>|!=|<|>|like)\s*(?:{_Q}|\d)",
        0.9,
        "quote break-out followed by a comparison of two literals (a boolean tautology)",
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
        rf"(?i)(?:{_Q}|\)|\b\d+|--|\*/)\s*union(?:\s+all|\s+distinct)?\s+(?:\(\s*)?select\s",
        0.9,
        "UNION SELECT right after a literal",
    ),
    Rule(
        "stacked_query",
        rf"(?i)(?:{_Q}|\d)[ \t]*\)?[ \t]*;[ \t]*(?:drop\s+(?:table|database)|delete\s+from|"
        r"truncate\s+table|shutdown|exec(?:ute)?\s+(?:xp_|sp_)|insert\s+into|update\s+\w+\s+set|alter\s+"
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

SQLI_RULES += (
    Rule(
        "bare_tautology",
        r"(?i)\b\d+['\"]?\s*\)?\s+(?:or|\|\|)\s+\(?['\"]?\d+['\"]?\s*(?:=|<>|!=|<|>)\s*"
        r"['\"]?\d+\b|['\"]\s*\)?\s*(?:or|\|\|)\s+(?:true|not\s+false)\b|['\"]\s*(?:or|\|\|)"
        r"\s*(?:''|\"\")\s*=\s*['\"]|['\"]\s*\|\|\s*['\"]\w+['\"]\s*==\s*['\"]\w",
        0.8,
        "a tautology that makes a WHERE clause always true (no quote needed around numbers)",
    ),
    Rule(
        "column_probe",
        r"(?i)(?:['\"]|\d)\s*\)?\s*(?:order|group)\s+by\s+\d+(?:\s*,\s*\d+)*\s*(?:--|#|/\*)",
        0.8,
        "ORDER BY / GROUP BY column probing after a literal, comment-terminated",
    ),
    Rule(
        "blind_subquery",
        r"(?i)\b(?:and|or)\s+\(?\s*(?:not\s+)?(?:ascii|ord|unicode|length|len|substr(?:ing)?|mid|"
        r"hex|char|count)\s*\(\s*(?:(?:substr(?:ing)?|mid|cast|ifnull)\s*\()?\s*\(\s*select\b|"
        r"['\"]\s*\|\|\s*\(\s*select\b",
        0.85,
        "boolean-blind probe: a function over a subquery after AND/OR, or a subquery glued "
        "to a string break-out",
    ),
    Rule(
        "error_based",
        r"(?i)\b(?:updatexml|extractvalue)\s*\(\s*(?:\d+|null|rand\(\))\s*,\s*concat\s*\(|"
        r"\bexp\s*\(\s*~\s*\(\s*select|\bconvert\s*\(\s*int\s*,\s*(?:@@version|db_name\(|"
        r"user_name\(|\(\s*select)|\bto_char\s*\(\s*1\s*/\s*0\s*\)|\b1\s*=\s*\(\s*select\s+"
        r"top\s+1\b|\bctxsys\.drithsx|\butl_inaddr\.get_host",
        0.85,
        "error-based injection: a query result forced into a database error",
    ),
    Rule(
        "time_blind_nested",
        r"(?i)(?:['\")]\s*|\b(?:and|or|then|else|if\s*\()\s*|\(\s*select\s*(?:\*\s*from\s*\(\s*"
        r"select\s*)?\(?\s*|;\s*select\s+)(?:sleep|pg_sleep|benchmark|dbms_pipe\.receive_message)"
        r"\s*\(|\blike\s*\(\s*'[a-z]+'\s*,\s*upper\s*\(\s*hex\s*\(\s*randomblob\s*\(\s*\d{6}",
        0.85,
        "time-based blind injection inside a condition or subquery",
    ),
    Rule(
        "out_of_band",
        r"(?i)\bxp_(?:dirtree|fileexist|subdirs)\b|\bmaster\.dbo\.xp_|\butl_http\.request\b|"
        r"\bcopy\s*\([^\n]{0,200}\)\s*to\s+program\b|\bload_file\s*\(\s*concat\b|"
        r"\bxmltype\s*\([^\n]{0,80}<!doctype",
        0.85,
        "out-of-band exfiltration from the database (DNS/HTTP/file)",
    ),
    Rule(
        "comment_cut",
        r"(?i)\w['\"`]\)+(?:--|#|/\*)|\w['\"`]\)*\s*--\s+-(?:\s|$|['\"])",
        0.7,
        "a closed literal or call glued to a comment, or the `-- -` terminator",
    ),
    Rule(
        "nosql_operator",
        r"(?i)\w\[\$(?:ne|gt|gte|lt|regex|where|nin|exists)\]=|[\"'](?:user(?:name)?|pass(?:word)?|"
        r"login|email|pwd)[\"']\s*:\s*\{\s*[\"']\$(?:ne|gt|gte|regex|nin|exists)[\"']|"
        r"\$where[\"']?\s*:\s*[\"'][^\n]{0,80}(?:sleep\s*\(|\|\|\s*true|this\.pass)",
        0.85,
        "NoSQL operator injection in a login field or query string",
    ),
    windowed(  # the window cannot cross a line: scanned open, its bound checked per match
        "terminated_payload",
        r"(?im)['\"`]\s*\)*\s*(?:or|and|union|;|,|\|\||\+)[^\n]{0,200}--\s+-\s*(?:$|['\"])|"
        r"/\*!\d*\s*(?:union|select|from|and|or)\b|/\*\*/(?:or|and|union|select|from)\b|"
        r"\b(?:or|and|union|select)/\*\*/|\b(?:un|sel|fr)/\*\*/(?:ion|ect|om)\b|\d(?:e\d+|\.)union\s",
        0.8,
        _TERMINATED,
    ),
    # a literal or call closed, a keyword and a `#` ending the line, each within 120
    # characters: scanned open, the bounds checked per match (`windowed`); counted, it cost
    # 55-99 ms to confirm on 256 KB of code RE2 had not seen (a state per byte after every
    # quote and `)`)
    windowed(
        "terminated_payload",
        r"(?im)['\"`)]\s*[^\n#]{0,120}\b(?:sleep|benchmark|if|select|union|or|and)\b"
        r"[^\n#]{0,120}#\s*$",
        0.8,
        _TERMINATED,
    ),
    Rule(
        "sql_probe_functions",
        r"(?i)\bbenchmark\s*\(\s*\d{6,}|\bdbms_(?:pipe\.receive_message|lock\.sleep)\s*\(|"
        r"\bif\s*\([^\n]{0,100},\s*sleep\s*\(|\bfrom\s+pg_sleep\s*\(|\bgenerate_series\s*\(\s*\d+"
        r"\s*,\s*\d{8,}|(?:all_users|sysibm\.\w+|information_schema\.\w+)\s+\w+\s*,\s*(?:all_users|"
        r"sysibm\.\w+|information_schema\.\w+)\s+\w+\s*,|\bcast\s*\(\s*\(\s*select\b[^\n]{0,100}\bas"
        r"\s+(?:int|integer|numeric|signed)\b|\bxmltype\s*\(\s*chr\s*\(|\b(?:json_keys|gtid_subset|"
        r"gtid_subtract)\s*\(\s*(?:\(\s*select|concat\s*\()|\bfloor\s*\(\s*rand\s*\(\s*0\s*\)\s*\*"
        r"\s*2\s*\)|\belse\s+1\s*/\s*(?:0|\(\s*select\s+0\s*\))\s+end\b|\bcase\s+when\s*\(\s*select"
        r"\s+(?:substr|substring|ascii|mid|unicode)\s*\(|['\"]\s*\+\s*\(\s*select\b|['\"]\s*\|\|\s*"
        r"this\.\w+|\bexec\s*\(\s*'[^'\n]{0,20}'\s*\+\s*'|\bcopy\s+\w+\s+from\s+program\b|\bcreate\s+"
        r"(?:or\s+replace\s+)?function\s+\w+[^\n]{0,160}(?:libc|language\s+c\b)",
        0.85,
        "database probes with no business in user input (timing, forced errors, catalog cross "
        "joins, dynamic EXEC, COPY FROM PROGRAM)",
    ),
    Rule(
        "catalog_probe",
        r"(?i)(?:['\"]\s*\)?\s*(?:and|or|union|\|\|)|\b\d+\s+(?:and|or))[^\n]{0,120}\b(?:sqlite_master|"
        r"sysibm\.|sys\.sql_logins|mysql\.user|pg_shadow|all_users)\b|(?:['\"]\s*\)?\s*|\b\d+\s+)or"
        r"\s+(?:true|not\s+0|\d+\s+(?:like|eq)\s+\d+)\b|\b\w;[ \t]*drop\s+table\b[^\n]{0,60}"
        r"(?:--|#)|\[where\]\[(?:password|"
        r"pass|pwd)\]\[(?:regexp|like|neq|gt)\]|[\"'](?:password|pass|pwd)[\"']\s*:\s*\{\s*[\"']"
        r"(?:not|regexp|\$regex|\$ne|\$gt)[\"']\s*:|\$expr[\"']?\s*:\s*\{\s*[\"']?\$eq[\"']?\s*:\s*"
        r"\[\s*1\s*,\s*1\s*\]|\$or[\"']?\s*:\s*\[[^\]\n]{0,200}\$exists[\"']?\s*:\s*false|\$where"
        r"[\"']?\s*:\s*[\"']function\s*\(",
        0.8,
        "system catalogs after a break-out, OR tautologies, ORM/NoSQL filters aimed at passwords",
    ),
)

# What an injected handler calls: a probe (`alert(1)`, `confirm(document.domain)`), eval,
# decoding, cookies, a fetch to another host. A page's own `onclick="toggleMenu()"` or
# `onsubmit="return confirm('Discard?')"` calls none of these.
_SCRIPT_CALL = (
    r"(?:(?:alert|prompt|confirm|print)\s*(?:\(\s*(?:\d|document|window|origin|this|top|self|"
    r"['\"`]\s*xss|/)|`|\))|eval\s*\(|atob\s*\(|string\.fromcharcode|document\.(?:cookie|domain)|"
    r"import\s*\(|top\[|fetch\s*\(\s*['\"`]?(?:https?:)?//)"
)

XSS_RULES: tuple[Rule, ...] = (
    windowed(  # windows within one element: scanned open, bounds checked per match
        "script_payload",
        r"(?i)<\s*script\b[^>]{0,200}>[^<]{0,400}(?:alert|prompt|confirm|document\.(?:cookie|"
        r"location|write|domain)|window\.location|fetch\s*\(|xmlhttprequest|eval\s*\(|atob\s*\(|"
        r"string\.fromcharcode|\.src\s*=)|<\s*script\b[^>]{0,200}\bsrc\s*=\s*(?:['\"]?//|https?://)",
        0.9,
        "script element with an active payload",
    ),
    windowed(  # windows within one tag: scanned open, bounds checked per match
        "event_handler",
        r"(?i)<\s*(?:img|svg|body|iframe|input|details|video|audio|a|div|marquee|object|embed|"
        r"select|textarea|math|style|link|form|button|image|source|marquee|set|animate|discard)\b"
        r"[^>]{0,200}\bon[a-z]{3,20}\s*=\s*['\"]?[^'\">]{0,40}" + _SCRIPT_CALL,
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
    Rule(
        "bare_js_uri",
        r"(?i)\b(?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:(?://|[\w$.\[\]'\"]+\s*[(`]|"
        r"\w+\s*=|`)",
        0.85,
        "javascript: URI with code right after it (a link value, markdown, CSS url())",
    ),
    Rule(
        "handler_attribute",
        r"(?i)(?:^|[\s\"'/;])on(?:[a-z]{4,40})\s*="
        r"\s*['\"`]?\s*\(?\s*" + _SCRIPT_CALL + r"|\bto\s*=\s*['\"]?" + _SCRIPT_CALL,
        0.85,
        "an event handler attribute (or SVG set/animate value) that runs script",
    ),
    Rule(
        "template_injection",
        r"(?i)\{\{[^}\n]{0,160}\bconstructor\b[^}\n]{0,160}\}\}|\bconstructor\s*\(\s*['\"]"
        r"[^'\"\n]{0,200}(?:alert|fetch|document\.|eval)|\$eval\s*\(\s*['\"][^'\"\n]{0,120}"
        r"(?:alert|\}\s*\})|\.constructor\.from\s*\(",
        0.85,
        "client-side template injection reaching the Function constructor",
    ),
    Rule(
        "active_uri",
        r"(?i)\bdata:text/html[;,]|<\s*script\b[^>]{0,200}\bsrc\s*=\s*['\"]?data:|"
        r"\bexpression\s*\(\s*(?:alert|document|window|location|eval)|\bsrcdoc\s*=\s*['\"]?"
        r"[^>\n]{0,40}<\s*script",
        0.85,
        "an HTML data: URI, a script from data:, a CSS expression() or a srcdoc script",
    ),
    Rule(
        "script_context_breakout",
        r"(?i)['\"]\s*[;+\-*]\s*"
        + _SCRIPT_CALL
        + r"|<%=?-?\s*"
        + _SCRIPT_CALL
        + r"|[?&](?:callback|cb|jsonp)=\s*"
        + _SCRIPT_CALL
        + r"|<\s*base\b[^>]{0,80}\bhref\s*=\s*['\"]?(?:https?:)?//",
        0.85,
        "breaks out of a JavaScript string or template into a call, a JSONP callback, or "
        "hijacks relative URLs with <base>",
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
    windowed(  # windows up to one pipe: scanned open, bounds checked per match
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
    Rule(
        "delete_everything",
        r"(?i)\b(?:rm|chown|chmod|chgrp)\b[^\n]{0,80}--no-preserve-root|\brm\s+(?:-[-a-z]+\s+)*"
        r"-[a-z]*r[a-z]*\s+(?:-[-a-z]+\s+)*"
        r"-[a-z]*f[a-z]*\s+(?:/|/\*|~/?|\$home/?|/(?:etc|usr|var|home|boot|bin|lib|root))"
        r"(?:\s|$|;|&|\||\"|'|`)|\brm\s+(?:-[a-z]*(?:r[a-z]*f|f[a-z]*r)[a-z]*\s+)(?:/|~|"
        r"/(?:etc|usr|var|home|boot|bin|lib|root|sbin|opt))[/*]*`|\bfind\s+(?:/|~|\$home|/(?:etc|"
        r"usr|var|home|boot|bin|lib|root))/?\s[^\n|;]{0,120}(?:-delete\b|-exec\s+(?:rm|shred)\b)|"
        r"\bshred\b[^\n|;]{0,60}\s(?:/etc/|/var/log/|/home\b|~/|/root\b|/dev/(?:[shv]d|nvme|xvd|"
        r"mmcblk|disk|md|dm-|mapper/))",
        0.95,
        "deletes or shreds system, home or root directories",
    ),
    Rule(
        "fork_bomb_any",
        r"\b[\w:]+\s*\(\s*\)\s*\{\s*[\w:]+\s*\|\s*[\w:]+\s*&\s*;?\s*\}\s*;\s*[\w:]+|"
        r"(?i)\bfork\s+while\s+(?:fork|1)\b|while\s*\(\s*1\s*\)\s*\{\s*fork|loop\s*\{\s*fork\s*\}"
        r"|os\.fork\(\)\s*for\s+_\s+in\s+iter\b|while\s+true\s*:[\s\\n]*os\.fork\(\)",
        0.9,
        "a fork bomb (a function that pipes itself into itself in the background, fork loops)",
    ),
    Rule(
        "fetch_and_run",
        r"(?i)\b(?:ba|z|k)?sh\s+<\(\s*(?:curl|wget)\b|\bsource\s+<\(\s*(?:curl|wget)\b|"
        r"\b(?:ba|z)?sh\s+-c\s+['\"]?\$\(\s*(?:curl|wget)\b|\|\s*iex\b|\bexec\s*\(?\s*urllib[\w.]*"
        r"urlopen\s*\(|&&\s*chmod\s+\S+\s+(?:/tmp|/dev/shm|/var/tmp)/\S+\s*&&\s*(?:/tmp|/dev/shm|"
        r"/var/tmp)/|invoke-webrequest[^\n]{0,200}-outfile[^\n]{0,200}start-process",
        0.9,
        "downloads code and runs it",
    ),
    Rule(
        "socket_shell",
        r"(?i)fsockopen\s*\([^\n]{0,200}(?:exec|system|shell_exec|passthru|popen|proc_open)\s*\(|"
        r"\bsocket\s*\(\s*S\s*,\s*PF_INET[^\n]{0,300}\bexec\b|tcpsocket\.(?:open|new)\s*\([^\n]"
        r"{0,200}\b(?:exec|spawn|system)\b|net\.sockets\.tcpclient[^\n]{0,300}getstream\s*\(|"
        r"\b(?:nc|ncat|netcat)\s+[\w.-]+\s+\d+\s*\|\s*(?:/bin/)?(?:ba)?sh\b",
        0.95,
        "a reverse shell over a socket (PHP, Perl, Ruby, PowerShell, netcat relay)",
    ),
    Rule(
        "device_wipe",
        r"(?i)\bwipefs\b[^\n;|]{0,40}/dev/|\bmkfs(?:\.\w+)?\b[^\n;|]{0,40}/dev/(?:[sh]d|nvme|xvd|"
        r"vd|mmcblk|disk)|\bblkdiscard\b[^\n;|]{0,20}/dev/|\bsgdisk\s+(?:--zap-all|-Z)\b|"
        r"\b(?:cat|pv)\s+/dev/(?:zero|u?random)\s*>\s*/dev/|\bdd\s+if=/dev/(?:zero|u?random)\b"
        r"[^\n]{0,60}\bof=(?:/dev/(?:[sh]d|nvme|xvd|vd|mmcblk|disk)|['\"]?\$)|\bformat-volume\b[^\n]{0,80}-force",
        0.95,
        "wipes or reformats a disk device",
    ),
    Rule(
        "privilege_escalation",
        r"(?i)\bchmod\s+(?:-R\s+)?(?:[ugoa]*\+s|[2467][0-7]{3})\s+(?:\S*/(?:ba|z|da|k)?sh\b|"
        r"\S*/python\d?(?:\.\d+)?\b|\S*/(?:perl|find|vim?|less|env|cp|nmap)\b|/tmp/|\$\(which)|"
        r"\bchown\s+-R\s+\S+\s+/(?:\s|$|['\"`])|\bchmod\s+-R\s+(?:0?777|a\+rwx|o\+w)\s+/"
        r"(?:etc|usr|bin|sbin|lib|boot|var|root)?/?(?:\s|$|['\"`;&|])|\bchmod\s+(?:-R\s+)?(?:[0-7]?[0-7][0-7][2367]|"
        r"[oa]\+w|\+w)\s+/etc/(?:passwd|shadow|sudoers)|\becho\b[^\n|;]{0,120}>>\s*/etc/sudoers\b",
        0.9,
        "setuid shells, world-writable system files, sudoers edits",
    ),
    Rule(
        "credential_exfil",
        r"(?i)\b(?:curl|wget)\b[^\n]{0,120}(?:-d|--data(?:-binary|-raw)?|-F|--form|--post-file|-T|"
        r"--upload-file)\s*=?\s*['\"]?(?:\w+=)?@?(?:/etc/(?:shadow|passwd|sudoers)|\S*\.(?:ssh|aws|"
        r"gnupg)/)|\b(?:env|printenv)\s*\|\s*curl\b[^\n]{0,80}@-|(?:/etc/shadow|\.ssh/id_\w+|"
        r"\.ssh\b|\.aws/credentials|\.gnupg)\b[^\n|]{0,60}\|\s*(?:nc|ncat|netcat|curl|socat)\b|"
        r"\bscp\b[^\n]{0,80}(?:\.aws/credentials|\.ssh/id_\w+|/etc/shadow)\s+\S+@\S+:",
        0.9,
        "sends credentials or key files to another host",
    ),
    Rule(
        "anti_forensics",
        r"(?i)\bhistory\s+-c\b[^\n]{0,40}(?:rm|shred|>)|\bunset\s+HISTFILE\b|HISTFILESIZE=0|"
        r"\bln\s+-sf\s+/dev/null\s+\S*history|\brm\s+(?:-\w+\s+)*\S*(?:/var/log/\*|/var/log/(?:auth|"
        r"secure|messages|syslog|wtmp|btmp|lastlog)|\.(?:bash|zsh)_history)|>\s*/var/log/(?:auth|secure|"
        r"wtmp|btmp|lastlog|syslog|messages)|\bauditctl\s+-(?:e\s*0|D)\b|(?:stop|disable|mask)\s+"
        r"(?:--now\s+)?auditd\b|auditd\s+stop|\bwevtutil\s+cl\b|journalctl\s+--vacuum-time=\d+s\b|"
        r"\bfind\s+/var/log/?\s[^\n]{0,60}-exec\s+truncate\b",
        0.85,
        "erases logs, shell history or audit trails",
    ),
    Rule(
        "windows_destroy",
        # (no end-of-text branch before "-recurse": it could never match)
        r"(?i)remove-item\b[^\n]{0,80}\bC:\\\\?(?:\s|['\"]|windows|users)[^\n]{0,60}-recurse|"
        r"remove-item\b[^\n]{0,80}-recurse[^\n]{0,80}\bC:\\\\?(?:\s|$|['\"]|windows|users)|"
        r"\brm\s+-r\s+-fo\s+C:\\|\b(?:del|erase)\s+/[sq]\s+/[sq]\s+C:\\|\brd\s+/s\s+/q\s+C:\\|"
        r"\bvssadmin\s+delete\s+shadows\b|\bwbadmin\s+delete\s+catalog\b|set-mppreference\s+-disable"
        r"\w+\s+\$true|add-mppreference\s+-exclusionpath\s+['\"]?C:\\\\?['\"]?(?:\s|;|$)|"
        r"get-childitem\s+C:\\\S*\s+-recurse\s*\|\s*remove-item",
        0.9,
        "deletes Windows system or user folders, backups or Defender protection",
    ),
    Rule(
        "encoded_shell",
        r"(?i)\bxxd\s+-r\s+-p\s*\|\s*(?:ba)?sh\b|printf\s+['\"]?%b['\"]?\s+['\"](?:\\{1,2}x[0-9a-f]"
        r"{2}){6,}|\$'(?:\\x[0-9a-f]{2}){2,}'|\brev\s*\|\s*(?:ba)?sh\b|\beval\s+\"?\$\(\s*echo\b"
        r"[^\n)]{0,200}\|\s*(?:base64|xxd|rev)",
        0.85,
        "decodes a hidden command and runs it",
    ),
    Rule(
        "ssh_backdoor",
        r"(?i)\becho\s+['\"]?ssh-(?:rsa|ed25519|dss|ecdsa)\b[^\n]{0,600}>>\s*\S*\.ssh/authorized_keys\b",
        0.7,
        "plants an SSH key written out in the command",
    ),
    Rule(
        "delete_everything_more",
        r"(?i)\brm\s+(?:-[-a-z]+\s+)*-[a-z]*(?:r[a-z]*f|f[a-z]*r)[a-z]*\s+(?:-[-a-z]+\s+)*"
        r"~/(?:\*|\.\[)|\brsync\b[^\n]{0,80}--delete\b[^\n]{0,80}\s(?:/|/(?:etc|usr|var|home|boot|"
        r"bin|lib|root|opt)/?)(?:\s|$|['\"`])|\bfind\s+/(?:etc|usr|var|home|boot|bin|lib|root)?\s"
        r"[^\n]{0,120}\|\s*xargs\b[^\n]{0,20}\brm\b|\b(?:rd|rmdir)\s+/s\s+/q\s+(?:C:\\\\?(?:\s|$)|"
        r"%\w+%)|\bdel\s+(?:/[a-z]\s+){1,5}C:\\\\\*?(?:\s|$|&)|get-childitem\b[^\n|]{0,80}(?:C:\\\\|"
        r"\$env:(?:userprofile|systemroot|windir|programdata|appdata)|\$home)[^\n|]{0,40}\|\s*"
        r"remove-item\b[^\n]{0,40}-recurse",
        0.9,
        "deletes a home, system or drive root (rsync --delete, find | xargs rm, rd /s, del /s)",
    ),
    Rule(
        "exhaustion",
        r"(?i)\bfallocate\s+-l\s*\d{3,}[GT]\b|\bhead\s+-c\s*\d{3,}[GT]\s+/dev/(?:zero|u?random)|"
        r"%0\s*\|\s*%0|while\s*\(\s*\$true\s*\)\s*\{\s*start-process|loop\s*\{\s*fork\b|"
        r"for\s*\(\s*;\s*;\s*\)\s*fork\s*\(|\"?\$0\"?\s*&\s*\n\s*\"?\$0\"?\s*&|(?m)^\s*function\s+\w+"
        r"\s*\n\s*\w+\s*\|\s*\w+\s*&\s*\n\s*end\b",
        0.85,
        "exhausts disk, memory or processes (huge allocations, self-spawning loops)",
    ),
    Rule(
        "lolbin_download",
        r"(?i)\bmshta(?:\.exe)?\s+(?:https?:|vbscript:|javascript:)|\bregsvr32\b[^\n]{0,60}/i:\s*"
        r"https?:|\bbitsadmin\b[^\n]{0,40}/transfer\b[^\n]{0,200}https?://|\beval\s*\(?\s*"
        r"(?:get|lwp::simple::get)\s*\(\s*['\"]?https?:|\beval\s*\(?\s*(?:uri\.)?open\s*\(\s*"
        r"['\"]https?:|\beval\s*\(\s*file_get_contents\s*\(\s*['\"]https?:|require\(\s*['\"]https?"
        r"['\"]\s*\)\.get\([^\n]{0,200}eval\s*\(|(?:curl|wget)\b[^\n]{0,200}\s(?:-o|-O|--output)\s*"
        r"/dev/shm/|\{(?:curl|wget),[^}\n]{0,200}\}\s*\|\s*\{?(?:ba|z)?sh\b|https?://\S+\s*\|\s*"
        r"(?:sudo\s+)?(?:/\S*/)?(?:ba|z|da|k)?sh\b|\|\s*b['\"\\]+a['\"\\]*s['\"\\]*h\b",
        0.9,
        "fetches code and runs it (Windows LOLBins, eval of a URL, a URL piped into a shell)",
    ),
    Rule(
        "reverse_shell_more",
        r"(?i)\bncat\b[^\n]{0,80}--(?:exec|sh-exec|lua-exec)\b|\bztcp\b[^\n]{0,120}>&\s*\$REPLY|"
        r"\btelnet\s+[\w.-]+\s+\d+\s*\|\s*(?:/bin/)?(?:ba)?sh\b|(?:/bin/)?(?:ba|z)?sh\s+-i\s*"
        r"(?:<|>|2>)&?\s*(?:&?\d|/dev/tcp)|(?:/bin/)?(?:ba)?sh\s+-i\b[^\n]{0,100}\|\s*openssl\s+"
        r"s_client|/inet/tcp/\d+/[\w.-]+/\d+|spawn\s*\(\s*['\"]/bin/(?:ba)?sh['\"]\s*\)[^\n]{0,200}"
        r"connect\s*\(|net\.dial\s*\(\s*\"tcp\"[^\n]{0,200}exec\.command\s*\(\s*\"/bin/(?:ba)?sh\"",
        0.95,
        "a reverse shell (ncat --exec, zsh ztcp, telnet relay, sh -i on a socket, awk, node, go)",
    ),
    Rule(
        "device_wipe_more",
        r"(?i)\bclean\s+all\b[^\n]{0,80}\bdiskpart\b|\bdiskpart\b[^\n]{0,80}\bclean\b|\bformat\s+"
        r"[c-z]:\s*/(?:fs|q|y|x)\b|\bhdparm\b[^\n]{0,80}--security-erase|\bparted\b[^\n]{0,20}"
        r"/dev/(?:[sh]d|nvme|xvd|vd)\w*\s+(?:mklabel|rm)\b|\|\s*fdisk\s+/dev/|\bclear-disk\b"
        r"[^\n]{0,80}-removedata|\bdd\s+if=/dev/(?:zero|u?random)\b[^\n]{0,40}\bof=['\"]?\$|\btee\s+/dev/(?:[sh]d|nvme|xvd|vd)"
        r"[a-z0-9]*\b|\bcryptsetup\s+(?:-q\s+)?luksErase\b",
        0.95,
        "erases a disk (diskpart clean, format C:, hdparm secure erase, partition tables)",
    ),
    Rule(
        "privilege_more",
        r"(?i)NOPASSWD\s*:\s*ALL\b|\buseradd\b[^\n]{0,40}-u\s*0\b|\busermod\b[^\n]{0,40}-u\s*0\b|"
        r">>\s*/etc/passwd\b|\bnet\s+localgroup\s+administrators\b[^\n]{0,40}/add|"
        r"add-localgroupmember\b[^\n]{0,40}administrators|['\"]root:[^'\"\s]+['\"]\s*\|\s*chpasswd|"
        r"\bpasswd\s+-d\s+root\b|\bsetcap\s+['\"]?cap_setuid|\bchmod\s+(?:0?777|666|o\+rw)\s+"
        r"/var/run/docker\.sock|dseditgroup\s+-o\s+edit\s+-a\s+\S+\s+-t\s+user\s+admin\b|"
        r"\bnet\s+user\s+administrator\s+/active:yes",
        0.85,
        "grants root or administrator rights (sudoers ALL, uid 0, admin groups, root password)",
    ),
    Rule(
        "credential_dump",
        r"(?i)\blsass(?:\.exe|\.dmp)?\b[^\n]{0,60}(?:-ma\b|minidump)|(?:-ma\b|minidump)[^\n]{0,60}"
        r"\blsass|comsvcs\.dll\s*,\s*minidump|sekurlsa::|\bmimikatz\b|\breg\s+save\s+hklm\\+"
        r"(?:sam|security|system)\b|\bsecurity\s+(?:find-generic-password\b[^\n]{0,40}-w|"
        r"dump-keychain\s+-d)|\b(?:env|printenv)\b[^\n]{0,60}\|\s*(?:base64|xxd)[^\n]{0,80}\b"
        r"(?:curl|wget|nc)\b|\$\{\{\s*secrets\.\w+\s*\}\}[^\n]{0,80}\|[^\n]{0,40}\bcurl\b|"
        r"\b(?:curl|wget)\b[^\n]{0,120}(?:-d|--data(?:-binary|-raw)?|-F|--form|-T|--upload-file)"
        r"\s*=?\s*['\"]?(?:\w+=)?@?\S*\.(?:kube|docker|config/gcloud|netrc|git-credentials)\b|"
        r"\bscp\b[^\n]{0,40}\s\S*\.(?:aws|ssh|gnupg|kube|config/gcloud)\b[^\n]{0,40}\S+@\S+:|"
        r"(?:logins\.json|key4\.db|login data)[\s\S]{0,200}?\b(?:curl|invoke-webrequest|nc)\b|"
        r"/proc/\d+/environ\b[^\n]{0,80}\|[^\n]{0,40}\b(?:nc|curl)\b|\bcurl\b[^\n]{0,100}https?://"
        r"[^\s\"]*\?[^\s\"]*\$\{?\w*(?:token|secret|key|pass)\w*",
        0.9,
        "dumps or sends credentials (lsass, SAM, keychain, cloud configs, CI secrets)",
    ),
    Rule(
        "persistence",
        r"(?i)(?:reg\s+add|new-itemproperty|set-itemproperty)\b[^\n]{0,80}\\currentversion\\run|"
        r"schtasks\s+/create\b[^\n]{0,200}/tr\s+['\"]?[^\n]{0,20}(?:\\users\\public\\|\\programdata"
        r"\\|\\temp\\|%temp%|\\appdata\\)|\bsc\s+create\b[^\n]{0,80}binpath=\s*['\"]?[^\n]{0,20}"
        r"(?:\\users\\public\\|\\programdata\\|\\temp\\|%temp%|\\appdata\\)|@reboot\b[^\n]{0,60}"
        r"(?:/\.\w|/tmp/|/dev/shm/)|sed\s+-i[^\n]{0,80}(?:/tmp/|/dev/shm/)[^\n]{0,60}/etc/rc\.local|"
        r">\s*/etc/ld\.so\.preload\b|__eventfilter\b[^\n]{0,40}create|create\b[^\n]{0,40}"
        r"__eventfilter|commandlineeventconsumer",
        0.85,
        "installs a program to start by itself (Run keys, tasks, services, cron, preload, WMI)",
    ),
    Rule(
        "defence_off",
        r"(?i)\bsetenforce\s+0\b|SELINUX=disabled|\bufw\s+disable\b|\biptables\s+-P\s+INPUT\s+"
        r"ACCEPT\b|\bnetsh\s+advfirewall\s+set\s+\w+\s+state\s+off\b|(?:stop|disable)\s+(?:--now\s+)?"
        r"(?:firewalld|apparmor|falcon-sensor|osqueryd|windefend)\b|\baa-teardown\b|launchctl\s+"
        r"unload\b[^\n]{0,80}(?:crowdstrike|falcon|sentinel|carbonblack)|disableantispyware|"
        r"kill\s+-9\s+\$\(pgrep\s+-f\s+(?:osqueryd|falcon|auditd|sysmon)|\btouch\s+-r\s+\S+\s+"
        r"\S*/\.\w|\bclear-eventlog\b|historysavepath\b[^\n]{0,10}\)?\s*-force|mount\s+-o\s+bind\s+\S+\s+/proc/",
        0.8,
        "turns off firewalls, SELinux, AppArmor, EDR or audit logs, or hides tracks",
    ),
    Rule(
        "obfuscated_command",
        r"/\?{3}/[\w?]*\?[\w?]*|\b(?:rm|curl|wget|bash|sh|nc|cat)\$\{?IFS\}?|\$\(\s*printf\s+['\"]"
        r"(?:\\\\?(?:x[0-9a-fA-F]{2}|[0-7]{3})){2,}|\$'(?:\\\\?[0-7]{3}){2,}'|(?i:\bsystem\s*\(\s*"
        r"pack\s*\(\s*['\"]H\*)|\$\(\s*tr\s+['\"]a-z['\"]\s+['\"]n-za-m|(?i:base64\s+(?:-d|--decode)"
        r"[^\n]{0,40}\|\s*(?:gunzip|zcat|gzip\s+-d)[^\n]{0,20}\|\s*(?:ba)?sh\b)",
        0.85,
        "hides a command behind globbed paths, $IFS, escapes or rot13 and runs it",
    ),
)

# Third round (thirteenth session), written against `bench/validator/tuning_attacks_3.jsonl`.
_SYSTEM_DIRS = r"(?:etc|usr|var|home|boot|bin|sbin|lib|lib64|root|opt)"


def _deletes_the_assigned_root(match: str) -> bool:
    """`x=/; … rm -rf "$x"`: the variable the match assigns a root path to is the one the
    delete reads (RE2 has no backreferences, so the pattern cannot say it)."""
    name = match.split("=", 1)[0].strip()
    tail = match[match.rfind("rm") :]
    return f"${name}" in tail or f"${{{name}" in tail


SHELL_RULES += (
    Rule(
        "cloud_teardown",
        r"(?i)\bkubectl\s+delete\s+(?:ns|namespaces?|all|pv|pvc|[\w,]*\bpv)\b[^\n;|&]{0,60}"
        r"--all\b|\bkubectl\s+delete\b[^\n;|&]{0,60}(?:--all-namespaces|\s-A)\b[^\n;|&]{0,40}"
        r"--all\b|\bkubectl\s+delete\b[^\n;|&]{0,60}--all\b[^\n;|&]{0,40}(?:--all-namespaces|"
        r"\s-A\b)|\bterraform\s+destroy\b[^\n;|&]{0,80}-auto-approve\b|\baws\s+s3\s+(?:rm|rb)\s+"
        r"s3://[\w.-]+/?\s[^\n;|&]{0,40}--(?:recursive|force)\b|\bgsutil\s+(?:-m\s+)?rm\s+-r\w*\s+"
        r"gs://[\w.-]+/?(?:\*\*?)?(?:\s|$)|\baws\s+ec2\s+terminate-instances\b[^\n]{0,60}\$\(|"
        r"\bxargs\b[^\n|;]{0,40}\baws\s+ec2\s+terminate-instances\b|\baws\s+rds\s+delete-db-"
        r"(?:instance|cluster)\b[^\n;|&]{0,120}--skip-final-snapshot\b|\bgcloud\s+projects\s+"
        r"delete\b|\baz\s+group\s+delete\b[^\n;|&]{0,80}(?:--yes|-y)\b|\bdocker\s+(?:rm|rmi|"
        r"volume\s+rm)\s+(?:-\w+\s+)*-f\w*\s+\$\(\s*docker\s+(?:ps|images|volume\s+ls)\b[^)\n]"
        r"{0,20}-\w*q|\bhelm\s+(?:list|ls)\b[^\n|]{0,40}\|\s*xargs\b[^\n]{0,30}\bhelm\s+"
        r"(?:uninstall|delete)\b",
        0.85,
        "tears down a cloud account, cluster or registry wholesale (all namespaces, whole "
        "buckets, every instance, unattended destroy)",
    ),
    Rule(
        "root_in_variable",
        r"(?i)\brm\s+(?:-\w+\s+)*-\w*r\w*\s+(?:-\w+\s+)*['\"]?\$\(\s*(?:echo|printf\s+['\"]?"
        r"%s\S*)\s+['\"]?/['\"]?\s*\)|\$\{[\w@#]+:-/\}|\b(?:for|select)\s+\w+\s+in\s+(?:/\*|/"
        + _SYSTEM_DIRS
        + r"/\*|~/\*)\s*;?\s*do\b[^\n]{0,80}\b(?:rm\s+-\w*r|shred|truncate)|\bls\s+(?:-\w+\s+)*/"
        r"\s*\|\s*xargs\b[^\n|;]{0,30}\brm\b|\bparallel\b[^\n]{0,20}\brm\s+-\w*r\w*\b[^\n]{0,20}"
        r":::\s+/|\bxargs\b[^\n|;]{0,40}\b(?:shred|truncate\s+-s\s*0)\b|\bfind\s+/"
        + _SYSTEM_DIRS
        + r"?\b[^\n|;]{0,100}(?:-exec\s+(?:sh|bash)\s+-c\s+['\"]\s*:\s*>|\|\s*xargs\b[^\n]{0,30}"
        r"\b(?:shred|truncate)\b)|(?:\s/" + _SYSTEM_DIRS + r"\b){2,}[^\n|]{0,10}\|\s*xargs\b"
        r"[^\n]{0,30}\brm\s+-\w*r",
        0.9,
        "deletes or empties a root or system tree through a variable, loop or xargs",
    ),
    Rule(
        "root_assigned_then_deleted",
        r"\b[A-Za-z_]\w*=['\"]?(?:/|~|\$HOME|/" + _SYSTEM_DIRS + r")/?['\"]?\s*(?:;|&&|\n)"
        r"[^\n]{0,120}\brm\s+(?:-\w+\s+)*-\w*r\w*\b[^\n]{0,40}\$\{?[A-Za-z_]\w*",
        0.9,
        "assigns a root or system path to a variable, then deletes it recursively",
        verify=_deletes_the_assigned_root,
    ),
    Rule(
        "system_file_wipe",
        r"(?i)\btruncate\s+(?:-s\s*0|--size[= ]0)\b[^\n;|&]{0,60}/etc/(?:passwd|shadow|group|"
        r"gshadow|sudoers|fstab)\b|(?:^|[^>\w])(?::|cat\s+/dev/null|printf\s+(?:''|\"\"))?\s*>\s*"
        r"/etc/(?:passwd|shadow|group|gshadow|sudoers|fstab)\b|\bcp\s+/dev/null\s+/etc/|\bmv\s+"
        r"(?:-\w+\s+)*/" + _SYSTEM_DIRS + r"/?\s+/dev/null\b|(?:^|[^>\w]):?\s*>\s*/boot/|"
        r"\becho\s+(?:''|\"\")?\s*\|\s*(?:sudo\s+)?tee\s+[^\n|;]{0,20}/etc/(?:fstab|hosts|resolv"
        r"\.conf|passwd|shadow|sudoers)\b|\btruncate\s+(?:-s\s*0|--size[= ]0)\b[^\n;|&]{0,40}"
        r"/var/log/(?:auth|syslog|wtmp|btmp|secure|messages)\b",
        0.9,
        "empties or moves away system files (accounts, sudoers, fstab, kernel, auth logs)",
    ),
    Rule(
        "admin_group",
        r"(?i)\busermod\s+(?:-\w+\s+)*-a?G\s+(?:[\w-]+,)*(?:sudo|wheel|root|admin)\b|\bgpasswd\s+"
        r"-a\s+\S+\s+(?:sudo|wheel|root|admin)\b|\badduser\s+\S+\s+(?:sudo|wheel)\b|"
        r"EDITOR=['\"]?tee\b[^\n]{0,20}\bvisudo\b",
        0.45,
        "adds a user to an administrators group (flagged; runbooks do this too)",
    ),
    Rule(
        "crypto_miner",
        r"(?i)\b(?:xmrig|t-rex|nbminer|cpuminer|lolminer|phoenixminer|ethminer|nanominer|"
        r"gminer)\b[^\n]{0,200}(?:-o\s+|--url[= ])\S*(?:stratum\+|pool|:\d{3,5}\b)|stratum\+(?:tcp|"
        r"ssl|tls)://|\b(?:image=|docker\s+run\b[^\n]{0,80})\S*xmrig\b|(?:crontab|/cron|"
        r"ExecStart=)[^\n]{0,120}\b(?:xmrig|cpuminer|nbminer|t-rex)\b",
        0.85,
        "runs a cryptocurrency miner against a mining pool",
    ),
    Rule(
        "exfil_more",
        r"(?i)\b(?:zip|tar|rsync|scp)\b[^\n|;]{0,40}\s~?/?\S*\.(?:aws|ssh|gnupg|kube|docker)\b"
        r"[^\n]{0,60}(?:\|\s*(?:nc|ncat|netcat|curl)\b|\S+@[\w.-]+:)|\b(?:dig|nslookup|host)\s+"
        r"[^\n]{0,40}\$\((?:whoami|hostname|id|cat|cut|base64|head)\b|\b(?:cat|base64)\s+[^\n|]{0,60}"
        r"(?:\.kube/config|\.git-credentials|\.bash_history|\.aws/credentials)\b[^\n]{0,80}\|"
        r"[^\n]{0,60}\bcurl\b|urlopen\s*\([^\n]{0,120}data\s*=\s*open\s*\([^\n]{0,80}(?:\.aws|"
        r"\.ssh|credentials|id_rsa|/etc/shadow)",
        0.9,
        "sends credentials or host identity out (archives, DNS lookups, uploads)",
    ),
    Rule(
        "obfuscated_more",
        r"(?i)\br(?:''|\"\"|\\)m\s+-r?(?:''|\"\"|\\)?f?|\{rm,-r?f?\w*,/|\$\{PATH:0:1\}|"
        r"\bprintf\s+['\"](?:\\[0-7]{2,3}){4,}['\"]\s*\|\s*(?:ba)?sh\b|\btr\s+['\"]a-z['\"]\s+"
        r"['\"]n-za-m['\"][^\n|]{0,60}\|\s*(?:ba)?sh\b|\$\(\s*echo\s+[A-Za-z0-9+/=]{12,}\s*\|\s*"
        r"base64\s+(?:-d|--decode)\s*\)|\b(?:w\\g\\e\\t|c\\u\\r\\l)\b",
        0.85,
        "hides a command behind split quotes, backslashes, brace lists, $PATH slices or "
        "encodings and runs it",
    ),
)

XSS_RULES += (
    Rule(
        "css_exfiltration",
        r"(?i)\[\s*(?:value|href)\s*[\^$*]=[^\]\n]{0,60}\][^{\n]{0,60}\{[^}\n]{0,120}url\s*\(\s*"
        r"['\"]?(?:https?:)?//|@font-face\s*\{[^}\n]{0,200}url\s*\(\s*['\"]?(?:https?:)?//[^)\n]"
        r"{0,100}\?[^)\n]{0,40}\)[^}\n]{0,80}unicode-range|</\s*style\s*>\s*<\s*style\b[^>]{0,40}>"
        r"\s*@import\b|['\"]\s*>\s*<\s*link\b[^>]{0,60}\bstylesheet\b[^>]{0,60}\bhref\s*=\s*['\"]?"
        r"(?:https?:)?//",
        0.85,
        "CSS that reads attribute values or typed characters out to another host",
    ),
    Rule(
        "dangling_markup",
        r"(?i)<\s*(?:img|meta|base|link|iframe|a|table|td|body|input)\b[^>]{0,80}\b(?:src|href|"
        r"content|action|target|background|value)\s*=\s*(?:'[^'>]{0,200}|\"[^\">]{0,200})\z",
        0.85,
        "an attribute left open to the end of the input, to carry the page's next markup away",
    ),
    Rule(
        "dom_clobbering",
        r"(?i)<\s*a\s+id\s*=\s*['\"]?\w+['\"]?\s*>\s*<\s*a\s+id\s*=\s*['\"]?\w+['\"]?\s+name\s*=|"
        r"<\s*(?:img|form|embed|object|iframe|input)\b[^>]{0,60}\bname\s*=\s*['\"]?(?:getElementById"
        r"|querySelector(?:All)?|createElement|cookie|domain|write|body|currentScript|defaultView)"
        r"\b|<\s*form\b[^>]{0,40}\bid\s*=\s*['\"]?\w+['\"]?[^>]{0,20}>\s*<\s*input\b[^>]{0,40}\bname"
        r"\s*=\s*['\"]?\w+['\"]?[^>]{0,40}\bvalue\s*=\s*['\"]?(?://|javascript:|data:)",
        0.85,
        "markup whose id or name shadows a page global or a document method (DOM clobbering)",
    ),
    Rule(
        "encoded_markup",
        r"(?i)%c0%b[ce]|%e0%80%b[ce]|(?:&#x[0-9a-f]{2}){8,}|\bsrcdoc\s*=\s*['\"]?[^>\n]{0,40}<\s*"
        r"\w+[^>\n]{0,80}\bon[a-z]{3,20}\s*=|\borderby\s*:\s*['\"][^'\"\n]{0,40}(?:alert|"
        r"constructor|eval)\b",
        0.85,
        "markup hidden by overlong UTF-8 or bare entities, a srcdoc handler, or an Angular "
        "filter that calls script",
    ),
)

SQLI_RULES += (
    Rule(
        "json_operator_breakout",
        r"(?i)['\"]\s*\)?\s*or\s+\(?\s*[\w.]+(?:::jsonb?)?\s*(?:->>?|#>>?|@>)[^\n]{0,120}"
        r"(?:--|#)",
        0.85,
        "breaks out of a string into a condition on a JSON column",
    ),
    Rule(
        "conditional_order",
        r"(?i)(?:order\s+by|orderby=|sort(?:by)?=)\s*\(?\s*(?:select\s+)?case\s+when\s*\(\s*"
        r"(?:select|substr(?:ing)?|ascii)\b|,\s*if\s*\(\s*\(\s*select\b[^\n]{0,100}"
        r"information_schema",
        0.85,
        "a sort order that asks a question of the database (boolean inference)",
    ),
    Rule(
        "breakout_statement",
        r"(?i)(?:\A|[=?&])\s*[\w.-]*['\"]\s*\)?\s*;\s*(?:declare|exec(?:ute)?|select|insert|update|"
        r"delete|drop|attach|copy|create|alter|grant|shutdown)\b|\blo_(?:import|export)\s*\(\s*'/|"
        r"\battach\s+(?:database\s+)?['\"][^'\"\n]{0,160}\.(?:php|jsp|aspx?|phtml|cgi)['\"]|"
        r"\b\d+(?:\.\d*)?(?:e\d+)?union\b|(?:(?:chr|char)\s*\(\s*\d+\s*\)\s*(?:\|\||\+)\s*){3,}"
        r"(?:chr|char)\s*\(|['\"]\s*,\s*\w*(?:admin|role|is_\w+|password|balance|credits?)\w*\s*="
        r"\s*[^,\n]{0,30}\bwhere\b[^\n]{0,60}(?:--|#)",
        0.85,
        "closes the value and starts a statement, writes a web shell, or builds strings and "
        "assignments a value never holds",
    ),
    Rule(
        "blind_probe",
        r"(?i)\band\s+\(\s*select\b[^\n]{0,160}\b(?:password|passwd|pwd|current_user|user\(\)|"
        r"version\(\)|@@version)\b|\band\s+(?:substr(?:ing)?|mid|ascii)\s*\(\s*(?:version|"
        r"current_user|user|database|@@version|\(\s*select)\b",
        0.85,
        "a boolean question about passwords, the database user or version",
    ),
)

# Fourth round (twenty-third session), written against `bench/validator/tuning_attacks_4.jsonl`:
# credential theft, resource exhaustion, device wipes and privilege changes, the families
# the held-out totals showed weakest.
_KEY_FILES = (
    r"(?:/etc/g?shadow\b|\.ssh(?:/(?:id_\w+|id_\*|\*)|/?[\s'\")])|\bid_(?:rsa|ed25519|ecdsa|dsa)\b|"
    r"\.npmrc\b|"
    r"\.aws/credentials\b|\.azure\b|\.kube/config\b|\$kubeconfig\b|"
    r"application_default_credentials\b|\.docker/config\.json\b|\bcookies\.sqlite\b|"
    r"\blogins\.json\b|\bkey4\.db\b|\blogin\s+data\b|\*\.pem\b|\bntds\.dit\b|\.git-credentials\b|"
    r"\.netrc\b|\.pgpass\b|\.bash_history\b)"
)
# what reads a key file out, and commands whose output is itself secrets
_SECRETS_READ = (
    r"(?:\b(?:cat|tar|zip|base64|xxd|gzip|cp|less|head|tail|strings|sqlite3|get-content|gc|"
    r"type|compress-archive|jq|find|copy-item|copy|cpi)\b[^\n|;]{0,120}" + _KEY_FILES + r"|"
    r"\bkubectl\s+(?:-n\s+\S+\s+)?(?:config\s+view\s+(?:--\w+\s+)*--raw|get\s+secrets?)\b|"
    r"\bvault\s+kv\s+get\b|\bget-secret-value\b|\bprintenv\b|(?:^|[;&|(]\s*)env\s*\||"
    r"\bget-childitem\s+env:|\bmoz_cookies\b|\bbw\s+export\b|\bop\s+item\s+get\b|"
    r"\bcat\s+/run/secrets/\*|\bcmdkey(?:\.exe)?\s+/list\b|\bvaultcmd(?:\.exe)?\s+/listcreds\b|\bnetsh\s+wlan\s+show\s+"
    r"profiles?\b[^\n|]{0,60}\bkey=clear\b|\bpasswordvault\b[^\n]{0,120}\bretrieveall\b|"
    r"\baz\s+account\s+get-access-token\b|\bgcloud\s+auth\s+(?:application-default\s+)?"
    r"print-access-token\b|\baws\s+(?:sts\s+get-session-token|configure\s+export-credentials)\b)"
)
# a command that sends what it reads to another host; then places that are a sink by name
_SENDS = (
    r"(?:\bcurl\b[^\n]{0,160}(?:\s-d\b|--data|\s-F\b|--form|\s-(?-i:[a-zA-Z]{0,3}T)\b|--upload-file|"
    r"-X\s*(?:POST|PUT)\b)|\b(?:nc|ncat|netcat|socat)\s+(?:-\S+\s+)*[\w.-]+\.[\w.-]+\s+\d+\b|"
    r"\b(?:invoke-(?:restmethod|webrequest)|iwr|irm)\b[^\n]{0,160}(?:-method\s+['\"]?(?:post|put)\b|"
    r"-infile\b|-body\b)|\bwget\b[^\n]{0,80}--post-(?:data|file)|\bping\b[^\n|;]{0,40}\s-p\s+"
    r"['\"]?\$)"
)
_SINK_SITES = (
    r"(?:discord(?:app)?\.com/api/webhooks|hooks\.slack\.com/|webhook\.site/|\bfile\.io\b|"
    r"\b0x0\.st\b|\btransfer\.sh\b|\bpastebin\.com\b|\b(?:dig|nslookup|host)\b[^\n]{0,40}"
    r"(?:\$\(|\$\{?\w+\}?\.)|\bscp\b[^\n]{0,120}\S+@[\w.-]+:|\bcopy\b[^\n]{0,160}\\\\\\\\[\w.-]+\\)"
)


# a public key file (`id_ed25519.pub`, uploaded to GitHub, is no theft): the pattern cannot
# leave it out, since Hyperscan takes no end anchor inside a pattern, so the check reads
# the match again with every public key file named out of it
_PUBLIC_KEY_FILE = re2.compile(r"(?i)\bid_\w+\.pub\b")
_ANY_SOURCE = re2.compile(rf"(?i){_KEY_FILES}|{_SECRETS_READ}")


def _not_only_public_keys(match: str) -> bool:
    """The match reads something secret, not only a public key."""
    if ".pub" not in match:
        return True
    return _ANY_SOURCE.search(_PUBLIC_KEY_FILE.sub("PUBLIC", match)) is not None


_NAMES = re2.compile(r"[\w:.-]+")


def _self_spawning(match: str) -> bool:
    """`f() { f | f & }`, `function f { f | f & }`, `$(MAKE) t & $(MAKE) t`: every name the
    match holds is the same one (the pattern cannot say so: RE2 has no backreferences)."""
    words = [w for w in _NAMES.findall(match) if w not in {"function", "MAKE"}]
    return len(words) >= 2 and len(set(words)) == 1


# dd's size suffixes (GNU coreutils): c, w, b; kB = 1000, K = KiB = 1024, and so on to Y
_POWERS = {"k": 1, "m": 2, "g": 3, "t": 4, "p": 5, "e": 6, "z": 7, "y": 8}
_FILL_BYTES = 100 << 30  # 100 GiB: a write this large is no test file
_SIZE = re2.compile(r"(\d{1,30})([a-zA-Z]{0,3})")


def _bytes(value: str) -> int | None:
    """A dd operand's byte count (`1M`, `4KiB`, `1GB`, `2x1M`); None when unreadable."""
    total = 1
    for factor in value.strip("'\"").split("x"):
        match = _SIZE.fullmatch(factor)
        if match is None:
            return None
        number, unit = int(match.group(1)), match.group(2)
        if unit in {"", "c"}:
            scale = 1
        elif unit == "w":
            scale = 2
        elif unit == "b":
            scale = 512
        elif unit[:1].lower() in _POWERS and unit[1:] in {"", "B", "iB"}:
            base = 1000 if unit[1:] == "B" else 1024
            scale = base ** _POWERS[unit[:1].lower()]
        else:
            return None
        total *= number * scale
    return total


def _removed_later(target: str, rest: str) -> bool:
    """The file is deleted further on (`dd … of=/EMPTY; rm -f /EMPTY`: an image zeroing its
    free space before it is compressed, as Packer templates do)."""
    return (
        bool(target)
        and re2.search(r"\brm\s+(?:-\w+\s+)*['\"]?" + re2.escape(target), rest) is not None
    )


def _fills_a_disk(match: str) -> bool:
    """A `dd` from `/dev/zero` or `/dev/urandom` into a file (a device is a wipe, another
    rule's) that writes 100 GiB or more, has no `count` (it writes until the disk is full)
    or a size it cannot read, and whose file is not deleted right after."""
    command = re2.split(r"[\n;&|#]", match)[0]
    operands = dict(part.split("=", 1) for part in command.split() if "=" in part[1:])
    target = operands.get("of", "").strip("'\"")
    if not target or target.startswith("/dev/") or _removed_later(target, match):
        return False
    if "count" not in operands:
        return True
    size, count = _bytes(operands.get("bs", "512")), _bytes(operands["count"])
    return size is None or count is None or size * count >= _FILL_BYTES


def _fills(match: str) -> bool:
    # a terabyte `fallocate` needs no further reading; a `dd` does
    return match[:9].lower() == "fallocate" or _fills_a_disk(match)


_PACED = re2.compile(r"\bsleep\s+[0-9.]*[1-9]|\bbreak\b|\bof=/dev/null\b")


def _endless_writer(match: str) -> bool:
    """An endless loop that writes files or logs, with no `sleep` to pace it and no `break`
    to end it (a heartbeat that logs once a minute, a lock loop, a read burn-in is no
    flood)."""
    return _PACED.search(match) is None


_TARGET = re2.compile(r"(?:>{1,2}|\btee\b(?:[ \t]+-\w+)*|^cp\s+\S+)[ \t]*['\"]?([\w~./$-]+)")


def _endless_stream(match: str) -> bool:
    """The endless output goes to a file that stays: not `/dev/null` (a CPU test), not a
    fill file deleted right after (zeroing free space before an image is compressed)."""
    target = _TARGET.search(match)
    if target is None:
        return False
    path = target.group(1)
    return path != "/dev/null" and not _removed_later(path, match)


SHELL_RULES += (
    Rule(
        "secrets_sent_out",
        rf"(?i){_SECRETS_READ}[^\n]{{0,300}}?(?:\|[^\n]{{0,200}}?{_SENDS}|{_SINK_SITES})|"
        rf"{_SENDS}[^\n]{{0,120}}?(?:@|<\s*|-infile\s+|\$\(\s*(?:cat|base64)\s+)['\"]?"
        rf"[^\s'\"]{{0,80}}{_KEY_FILES}[\w.-]*|\bopen\s*\(\s*['\"](?:/etc/shadow|[^'\"\n]{{0,80}}"
        r"(?:\.ssh/id_\w+|\.aws/credentials))['\"][\s\S]{0,200}?\b(?:urlopen\s*\([^\n]{0,120}\b"
        r"data\s*=|requests\.(?:post|put)\s*\()|\b(?:dig|nslookup|host)\s+[^\n]{0,40}\$\(\s*(?:printenv|"
        r"env|cat|base64|xxd)\b[^\n)]{0,80}(?:token|secret|key|pass|\.ssh|\.aws|shadow|credentials)",
        0.9,
        "reads credentials (password hashes, keys, cloud and cluster configs, browser stores, "
        "the environment, secret stores) and sends them to another host",
        verify=_not_only_public_keys,
    ),
    Rule(
        "credential_store_dump",
        r"(?i)\bntdsutil\b[^\n]{0,80}\bifm\b|\breg(?:\.exe)?\s+save\s+hklm\\+(?:sam|security|"
        r"system)\b|\b(?:copy|robocopy|esentutl)\b[^\n]{0,160}\bntds\.dit\b|\blist-secrets\b"
        r"[\s\S]{0,200}?\bget-secret-value\b",
        0.9,
        "copies the domain's or the machine's password database, or every stored secret",
    ),
    Rule(
        "kill_everything",
        r"(?i)\bkill\s+(?:-9|-kill|-sigkill|-s\s+(?:sig)?(?:kill|9)|-n\s+9|--signal[= ](?:sig)?"
        r"(?:kill|9))\s+(?:--\s+)?-1\b|\bkillall5\s+-(?:9|kill|sigkill)\b",
        0.9,
        "kills every process on the machine",
    ),
    Rule(
        "disk_fill",
        r"(?i)\bfallocate\s+(?:-\w\s+)*(?:-l\s*|--length[= ])\d+(?:\.\d+)?\s*[TPE](?:i?B)?\b|"
        r"\bdd\s+(?:\w+=\S+\s+){0,4}if=/dev/(?:zero|u?random)\b[\s\S]{0,300}",
        0.85,
        "fills a disk (terabyte allocations, dd with no end or 100 GiB and more)",
        verify=_fills,
    ),
    Rule(
        "endless_output",
        r"(?:(?i:\b(?:cat|pv)\s+(?:<\s*)?/dev/(?:zero|u?random)\s*>{1,2}\s*['\"]?[\w~./$-]+|\bcp\s+"
        r"/dev/(?:zero|u?random)\s+['\"]?[\w~./$-]+)|(?m:^|[;&|(`]|-c\s+['\"]|\b(?:sudo|nohup)|"
        r"/usr/bin/)[ \t]*yes(?:[ \t]+[^\s|<>;&()'\"]+|[ \t]+'[^'\n]{0,40}'|"
        r"[ \t]+\"[^\"\n]{0,40}\"){0,3}[ \t]*(?:>{1,2}[ \t]*['\"]?[\w~./$-]+|\|[ \t]*"
        r"(?:sudo[ \t]+)?tee\b(?:[ \t]+-\w+)*[ \t]+[\w~./$-]+))[^\n]{0,200}",
        0.85,
        "writes an endless stream into a file or log until the disk is full",
        verify=_endless_stream,
    ),
    Rule(
        "endless_file_loop",
        r"(?i)\b(?:while\s+(?::|true|\[\s*1\s*\]|\(\(\s*1\s*\)\))|until\s+false)\s*(?:;|\n)\s*do\b"
        r"[\s\S]{0,160}?\b(?:logger|systemd-cat|touch|mkdir|dd|fallocate)\b[\s\S]{0,160}?\bdone\b|"
        r"\bseq\s+(?:-\S+\s+\S+\s+)*(?:\d+\s+)?\d{7,}\s*\|\s*xargs\b[^\n|]{0,30}\b(?:touch|mkdir)\b|"
        r"\{\d+\.\.\d{7,}\}[^\n]{0,60}\b(?:touch|mkdir)\b|\b(?:touch|mkdir)\b[^\n;|&]{0,60}"
        r"\{\d+\.\.\d{7,}\}",
        0.85,
        "creates files, directories or log lines without end (inodes, disk, the journal)",
        verify=_endless_writer,
    ),
    Rule(
        "self_spawning",
        r"\b[\w:.-]+\s*\(\s*\)\s*\{\s*[\w:.-]+\s*\|\s*[\w:.-]+\s*&|\bfunction\s+[\w:.-]+\s*(?:\(\s*"
        r"\))?\s*[;{]\s*[\w:.-]+\s*\|\s*[\w:.-]+\s*&|\$[({]MAKE[)}]\s+[\w.-]+\s*&\s*\$[({]MAKE[)}]"
        r"\s+[\w.-]+",
        0.9,
        "a function or make target that starts two copies of itself (a fork bomb)",
        verify=_self_spawning,
    ),
    Rule(
        "spawn_flood",
        r"(?i)\bstart\s+(?:/\w+\s+|\"[^\"\n]{0,40}\"\s+)*\"?%(?:0|~f0|~dpnx0)\b|\[int\]::maxvalue\b"
        r"[^\n]{0,60}\b(?:start-job|start-process|start-threadjob)\b|\(\s*while\s+(?::|true)\s*;\s*"
        r"do\s+:?\s*;?\s*done\s*\)\s*&|\bwhile\s*\(?\s*(?:true|1)\s*\)?\s*:[^\n]{0,120}?\b10\s*"
        r"\*\*\s*(?:[89]|1\d)\b",
        0.85,
        "starts itself, jobs or busy loops without end, or allocates memory without end",
    ),
    Rule(
        "host_takeover",
        r"(?i)\becho\s+(?:-e\s+)?['\"]?root:[^'\"\s]+['\"]?\s*\|\s*(?:sudo\s+)?chpasswd\b|"
        r"\bchpasswd\s*<<<?\s*['\"]?root:|\|\s*(?:sudo\s+)?passwd\s+(?:--stdin\s+)?root\b|"
        r"\b(?:docker|podman)\s+run\b[^\n]{0,160}\s(?:-v|--volume)[= ]['\"]?/:/[\w/]*[^\n]{0,160}"
        r"\bchroot\b|\b(?:docker|podman)\s+run\b[^\n]{0,160}--pid[= ]host\b[^\n]{0,160}\bnsenter\b"
        r"[^\n]{0,40}(?:-t\s*|--target[= ])1\b|\benablelua\b[^\n]{0,60}(?:/d\s+(?:0x)?0\b|-value\s+"
        r"0\b)|-value\s+0\b[^\n]{0,40}-name\s+['\"]?enablelua\b|\bconsentpromptbehavioradmin\b"
        r"[^\n]{0,60}(?:/d\s+(?:0x)?0\b|-value\s+0\b)|\bauth\s+sufficient\s+pam_permit\.so\b|"
        r"\b(?:curl|wget)\b[^\n]{0,200}>>\s*(?:/root|~root)/\.ssh/authorized_keys\b|\bdscl\s+\.\s+"
        r"-append\s+/groups/admin\s+groupmembership\b|\bdscl\b[^\n]{0,80}\buniqueid\s+0\b|\bcp\s+"
        r"/(?:usr/)?bin/(?:ba|z|da)?sh\s+\S+[\s\S]{0,200}?\bchmod\s+(?:[ugoa]*\+s|0?[4-7][0-7]{3})\b"
        r"|\binstall\s+(?:-\w+\s+)*-m\s*0?[4-7][0-7]{3}\s+/(?:usr/)?bin/(?:ba|z|da)?sh\b",
        0.85,
        "takes over the host: root's password, the host's root through a container, UAC or "
        "PAM off, keys for root, uid 0 or admin on macOS, a setuid copy of a shell",
    ),
    Rule(
        "device_wipe_third",
        r"(?i)\bdiskutil\s+(?:secureerase\s+\d+|erasedisk\s+\S+\s+(?:\"[^\"\n]{0,60}\"|\S+)\s+"
        r"(?:(?:gpt|mbr|apm)\s+)?|zerodisk|randomdisk)\s*(?:/dev/)?disk[01]\b|\bzpool\s+destroy\s+"
        r"-f\b|\bvgremove\s+-ff?\b|\bcryptsetup\s+(?:-\S+\s+)*(?:erase|luksErase)\b|\bwmic(?:\.exe)?"
        r"\s+shadowcopy\s+delete\b|\bbcdedit(?:\.exe)?\s+(?:/delete\s+\{current\}|[^\n]{0,40}"
        r"recoveryenabled\s+no\b)|\bfor\s+\w+\s+in\s+(?:/dev/(?:sd|nvme|hd|xvd|vd)|\$\(\s*lsblk\b)"
        r"[^\n;]{0,60}(?:;|\n)\s*do\b[^\n]{0,80}\b(?:wipefs|shred|blkdiscard|mkfs(?:\.\w+)?|nvme\s+"
        r"(?:format|sanitize))\b|"
        r"\$\(\s*lsblk\b[\s\S]{0,160}?\b(?:shred|wipefs|blkdiscard)\b[^\n]{0,40}/dev/",
        0.9,
        "erases disks, pools, volume groups, encrypted volumes, shadow copies or boot entries",
    ),
)

# Fifth round (twenty-fourth session), written against `bench/validator/tuning_attacks_5.jsonl`:
# the same weak families in other tools (cloud copies, Windows credential stores, NVMe and
# whole-drive deletes), commands hidden by reversing, splitting or decoding, persistence
# through Windows logon and start-up places, and floods of processes, CPU and memory.
_CLOUD_COPY = (
    r"(?:aws\s+(?:--\S+\s+\S+\s+)*s3\s+(?:cp|sync|mv)|gsutil\s+(?:-m\s+)?(?:cp|rsync)|gcloud\s+"
    r"storage\s+(?:cp|rsync)|rclone\s+(?:copy|copyto|sync|move)|azcopy\s+(?:copy|sync))"
)
_CREDENTIAL_DIRS = r"(?:\.config/gcloud|\.docker\b|\.kube\b|\.aws\b|\.ssh\b|\.azure\b|\.gnupg\b)"
# a block device a wipe can name (Linux disks, partitions, SD cards, macOS disks)
_BLOCK = r"/dev/(?:[shv]d[a-z]|xvd[a-z]|nvme\d|mmcblk\d|disk\d|md\d)"
# an endless loop's head in POSIX shells
_FOREVER = (
    r"(?:while\s+(?::|true|\[\s*(?:1|true)\s*\]|\(\(\s*1\s*\)\))|until\s+false|for\s*\(\(\s*;\s*;"
    r"\s*\)\))"
)
# programs that only burn CPU when run without an end
_BURNERS = (
    r"(?:yes|openssl\s+speed|stress(?:-ng)?|md5sum\s+/dev/zero|sha\d+sum\s+/dev/zero|"
    r"dd\s+if=/dev/zero\s+of=/dev/null)"
)
# the programs Windows attackers hide behind carets (`c^e^r^t^u^t^i^l`)
_CARET_HIDDEN = frozenset(
    {
        "certutil",
        "powershell",
        "bitsadmin",
        "mshta",
        "cmd",
        "rundll32",
        "regsvr32",
        "wscript",
        "cscript",
        "schtasks",
        "curl",
        "wmic",
        "msiexec",
        "reg",
        "net",
        "start",
        "vssadmin",
        "bcdedit",
        "del",
        "format",
    }
)
_FILE_ARGUMENT = re2.compile(r"[^\s'\"]+")


# files beside the keys that hold none: templates, encrypted files, host lists, public keys
_NO_SECRET = (".example", ".sample", ".template", ".enc", "known_hosts", ".pub", "daemon.json")


def _holds_a_secret(match: str) -> bool:
    """A forced add of `.env.example` commits a template; `~/.ssh/known_hosts` or a public
    keyring copied to a bucket holds no secret."""
    low = match.lower()
    return not any(word in low for word in _NO_SECRET) and "pubring" not in low


def _caret_hides_a_program(match: str) -> bool:
    """`c^e^r^t^u^t^i^l` spells a program once cmd drops the carets; `a^b^c^d` is XOR."""
    return match.replace("^", "").lower() in _CARET_HIDDEN


def _runs_what_it_decoded(match: str) -> bool:
    """`base64 -d x > /tmp/i.py && python3 /tmp/i.py`: the file decoded is the one run (a
    config decoded before an app starts is not)."""
    written, _, run = match.rpartition(">")[2].partition("&&")
    if not run:
        written, _, run = written.partition(";")
    target = _FILE_ARGUMENT.search(written)
    tokens = run.split()
    return target is not None and len(tokens) >= 2 and tokens[1].strip("'\"") == target.group()


# key lists the forges publish for their users: what `ssh-import-id` fetches
_KEY_SERVERS = re2.compile(
    r"(?i)https?://(?:github\.com/[\w-]+\.keys|gitlab\.com/[\w.-]+\.keys|launchpad\.net/~[\w.-]+/"
    r"\+sshkeys)(?:\s|['\"]|$)"
)


_PROGRAMS = re2.compile(r"(?i)[\w.-]+\.exe\b")
_WINLOGON_DEFAULTS = frozenset({"explorer.exe", "userinit.exe"})


def _persists(match: str) -> bool:
    """Not the forges' own key lists fetched into authorized_keys, and not Winlogon set back
    to Windows' own programs (a repair)."""
    low = match.lower()
    if "authorized_keys" in low:
        return _KEY_SERVERS.search(match) is None
    if "winlogon" in low:
        programs = {p.lower() for p in _PROGRAMS.findall(low.partition("winlogon")[2])}
        return not programs or not programs <= _WINLOGON_DEFAULTS
    return True


def _drive_wide(match: str) -> bool:
    """The delete is not a dry run (`-WhatIf`) and takes every file (no `-Filter`/`-Include`)."""
    low = match.lower()
    return not any(word in low for word in ("-whatif", "-filter", "-include", "*."))


_LIMITED = re2.compile(
    r"(?i)--timeout[= ]?0*[1-9]|\btimeout\s+\d|-seconds\s+\d{1,3}\b|-t\s+\d{1,3}\b|"
    r"\b(?:kill|killall|pkill)\b"
)


def _unbounded(match: str) -> bool:
    """CPU burners with a time limit, or killed after the loop, are a bounded load test
    (a `wait` bounds nothing: `yes` never ends)."""
    return _LIMITED.search(match) is None


SHELL_RULES += (
    Rule(
        "secrets_copied_out",
        rf"(?i)\b{_CLOUD_COPY}\s+(?:-\S+\s+)*['\"]?[^\s'\"]*(?:{_KEY_FILES}|{_CREDENTIAL_DIRS})"
        r"[^\s'\"]*['\"]?\s+(?:-\S+\s+)*['\"]?(?:s3://|gs://|https?://|:?[\w-]+:)|\bgit\b[^\n]{0,40}"
        r"\badd\s+(?:-\w+\s+)*(?:-f|--force)\b[^\n]{0,80}(?:\.env\b|secrets?\.\w+|credentials)"
        r"[\s\S]{0,200}?\bgit\b[^\n]{0,40}\bpush\b[^\n]{0,40}https?://|\bfor\s+\w+\s+in\s+"
        r"(?:/home/\*|/users/\*)(?:\s+/root)?\s*;?\s*do\b[\s\S]{0,200}?\b(?:cp|tar|zip|cat|rsync|scp)\b"
        rf"[^\n]{{0,80}}{_CREDENTIAL_DIRS}",
        0.9,
        "copies keys, cloud or cluster credentials to a bucket or a foreign remote, or "
        "gathers every user's keys",
        verify=_holds_a_secret,
    ),
    Rule(
        "device_wipe_fourth",
        rf"(?i)\bnvme\s+(?:sanitize|format)\s+(?:-\S+(?:\s+\d+)?\s+)*/dev/nvme|\bsdelete(?:64)?"
        r"(?:\.exe)?\b[^\n]{0,60}\s-s\b|\b(?:pv|cat)\b[^\n|;]{0,20}<?\s*/dev/(?:zero|u?random)\s*>\s*"
        rf"{_BLOCK}|\bclean(?:\s+all)?\s*(?:\n|\)|\s*>)[\s\S]{{0,300}}?\bdiskpart(?:\.exe)?\s+/s\b",
        0.9,
        "erases NVMe drives or whole disks, or scripts diskpart to clean a disk",
    ),
    Rule(
        "drive_root_delete",
        r"(?i)\b(?:get-childitem|gci|dir|ls)\s+(?:-path\s+)?['\"]?[a-z]:[\\/]?['\"]?(?:\s*,\s*['\"]?"
        r"[a-z]:[\\/]?['\"]?)*\s[^\n|]{0,60}\|\s*(?:remove-item|rm|del|ri)\b[^\n]{0,40}-r(?:ecurse)?"
        r"\b[^\n]{0,60}",
        0.9,
        "deletes everything on a drive",
        verify=_drive_wide,
    ),
    Rule(
        "hidden_command",
        r"(?i)\|\s*rev\b[^\n]{0,80}(?:\beval\s+['\"]?\$|\|\s*(?:sudo\s+)?(?:ba|z|k|da)?sh\b)|\brev\s*"
        r"<<<[^\n]{0,160}\|\s*(?:sudo\s+)?(?:ba|z|k|da)?sh\b|\bcertutil(?:\.exe)?\s+(?:[-/]f\s+)?"
        r"[-/]decode\s+\S+\s+\S+\.(?:exe|dll|ps1|bat|cmd|vbs|js|hta)\b|\b(?:iex|invoke-expression)\b"
        r"[^\n]{0,80}(?:\[char\[\]\]|\[\s*-1\s*\.\.\s*-)|\bexec\s*\(\s*(?:base64\.b(?:64)?decode|"
        r"base64\.decodebytes|bytes\.fromhex|codecs\.decode|zlib\.decompress|__import__\s*\(\s*"
        r"['\"](?:base64|zlib|codecs)['\"]\s*\)\s*\.\w+)\s*\(|\bexec\s*\(\s*\w+\.urlopen\s*\(|"
        r"\bfrombase64string\b[\s\S]{0,300}?\[scriptblock\]::create\b|(?:^|[;&|]\s*)\$\{?\w+\}?"
        r"\$\{?\w+\}?\s[^\n]{0,120}https?://[^\n]{0,120}\|\s*\$\{?\w+\}?\$",
        0.85,
        "runs a command it hides: reversed, decoded into a program, built from character "
        "codes or glued variables",
    ),
    Rule(
        "caret_command",
        r"\b(?:[A-Za-z]\^){2,}[A-Za-z]+\b",
        0.85,
        "spells a Windows program with carets, which cmd drops",
        verify=_caret_hides_a_program,
    ),
    Rule(
        "decoded_then_run",
        r"(?i)\bbase64\s+(?:-d|--decode|-D)\b[^\n|]{0,60}>\s*\S+\s*(?:&&|;)\s*(?:python3?|bash|sh|"
        r"node|perl|ruby)\s+\S+",
        0.85,
        "decodes a payload into a file and runs that file",
        verify=_runs_what_it_decoded,
    ),
    Rule(
        "logon_persistence",
        r"(?i)\b(?:copy|move|xcopy|copy-item|move-item|cp|mv)\b[^\n]{0,120}\.(?:vbs|vbe|jse?|exe|bat|"
        r"cmd|ps1|hta|scr|dll)\b[^\n]{0,120}\\start menu\\programs\\startup\b|\b(?:reg(?:\.exe)?\s+"
        r"add|set-itemproperty|new-itemproperty|sp)\b[^\n]{0,120}(?:\\winlogon\b[^\n]{0,80}(?:\s/v\s+|"
        r"-name\s+['\"]?)(?:userinit|shell)\b[^\n]{0,160}|image file execution options\\"
        r"(?:sethc|utilman|osk|magnify|narrator|displayswitch|atbroker)\.exe\b[^\n]{0,80}(?:\s/v\s+|"
        r"-name\s+['\"]?)debugger\b)|\bld_preload=['\"]?[^\s'\"]*(?:/tmp/|/dev/shm/|/var/tmp/|/\.[\w.-]+"
        r"\.so)[^\n]{0,80}>>\s*\S*(?:rc|profile|environment)\b|\.so\b[^\n]{0,60}(?:>{1,2}|\btee\s+"
        r"(?:-a\s+)?)\s*/etc/ld\.so\.preload\b|\b(?:curl|wget)\b[^\n]{0,200}(?:>>|\|\s*(?:sudo\s+)?tee\s+-a)\s*"
        r"(?:~|\$home|/home/[\w.-]+)/\.ssh/authorized_keys\b",
        0.85,
        "starts itself at logon: the start-up folder, Winlogon, a debugger on a system tool, "
        "a preloaded library, keys fetched into authorized_keys",
        verify=_persists,
    ),
    Rule(
        "remote_code_more",
        r"(?i)\brundll32(?:\.exe)?\s+javascript:|\bmshtml\s*,\s*runhtmlapplication\b|"
        r"\bdownloadstring\s*\([^\n]{0,200}\)\s*\)?\s*\|\s*(?:iex|invoke-expression)\b|"
        r"\b(?:curl|wget)\b[^|\n]{0,200}https?://[^|\n]{0,200}\|\s*(?:sudo\s+(?:-\w+\s+)*)?(?:/usr/"
        r"(?:local/)?bin/)?(?:python[23]?(?:\.\d+)?|perl|ruby|node)(?:\s+-)?\s*(?:[;&|)'\"\n]|\s+--|\z)|"
        r"\bpython[23]?(?:\.\d+)?\s+<\(\s*(?:curl|wget)\b|\bnpx\s+(?:-y\s+|--yes\s+)*(?:https?://|"
        r"github:)|\bmsiexec(?:\.exe)?\s+(?:[-/]\w+\s+)*[-/](?:i|package)\s+['\"]?https?://|"
        r"\bstart-bitstransfer\b[^\n]{0,200}\.(?:exe|ps1|dll|msi|bat)\b[\s\S]{0,200}?\bstart-process\b",
        0.9,
        "downloads code and runs it (HTML applications, scripts piped into interpreters, "
        "remote packages, installers)",
    ),
    Rule(
        "process_flood",
        rf"(?i)\b{_FOREVER}\s*;?\s*do\s+[^\n]{{0,120}}?&\s*;?\s*done\b|\btail\s+(?:-\S+\s+)*"
        r"/dev/zero\b|\bfallocate\b[^\n]{0,40}\$\(\s*df\b|\bstress(?:-ng)?\b[^\n]{0,120}"
        r"--timeout[= ]0\b|\bsplit\s+(?:-\S+\s+)*-b\s*1\b[^\n]{0,30}/dev/(?:u?random|zero)\b|"
        r"\bfor\s+/l\s+%%?\w+\s+"
        r"in\s*\(\s*-?\d+\s*,\s*0\s*,\s*-?\d+\s*\)\s*do\s+start\b|(?:\b(?:ba)?sh\s+)?[\"']?\$0[\"']?"
        r"\s*&\s*(?:\b(?:ba)?sh\s+)?[\"']?\$0[\"']?\s*&|(?:while\s*\(?\s*(?:1|true|\$true)\s*\)?\s*"
        r"[:{]|\bsetinterval\s*\()[\s\S]{0,120}?(?:\.(?:append|push|add)\s*\(\s*\(?|\+=\s*\(?)\s*"
        r"(?:bytearray\s*\(\s*1\s*<<\s*[2-3]\d|buffer\.alloc\s*\(|new-object\s+byte\[\]\s*\d+\s*[mg]b)"
        r"|\bx\s*1e[6-9]\s+while\s+1\b",
        0.85,
        "floods the machine: background jobs started without end, memory or disk filled until "
        "nothing is left",
    ),
    Rule(
        "job_flood",
        r"(?i)\bfor\s+\w+\s+in\s+(?:\$\(\s*seq\s+(?:\d+\s+)?\d{4,}\s*\)|\{\d+\.\.\d{4,}\})\s*;\s*do\s+"
        r"[^\n]{0,80}?&\s*;?\s*done\b",
        0.85,
        "starts thousands of background jobs",
    ),
    Rule(
        "cpu_burn",
        rf"(?i)\bfor\b[^\n]{{0,80}}\bdo\s+{_BURNERS}\b[^\n]{{0,80}}&\s*;?\s*done\b[\s\S]{{0,60}}",
        0.85,
        "starts CPU burners in a loop and leaves them running",
        verify=_unbounded,
    ),
)
