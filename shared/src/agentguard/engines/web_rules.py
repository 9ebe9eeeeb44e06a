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
        rf"(?i){_Q}\s*\)?\s*(?:or|and|\|\||&&)\s+\(?\s*(?:{_Q}[^'\"`\n]{{0,20}}{_Q}|\d+)\s*"
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
        rf"(?i)(?:{_Q}|\)|\d|--|\*/)\s*union(?:\s+all|\s+distinct)?\s+(?:\(\s*)?select\s",
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
    Rule(
        "script_payload",
        r"(?i)<\s*script\b[^>]{0,200}>[^<]{0,400}(?:alert|prompt|confirm|document\.(?:cookie|"
        r"location|write|domain)|window\.location|fetch\s*\(|xmlhttprequest|eval\s*\(|atob\s*\(|"
        r"string\.fromcharcode|\.src\s*=)|<\s*script\b[^>]{0,200}\bsrc\s*=\s*(?:['\"]?//|https?://)",
        0.9,
        "script element with an active payload",
    ),
    Rule(
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
        r"(?i)\b(?:java|vb)\s*script\s*:(?://|[\w$.\[\]'\"]+\s*\(|\w+\s*=|`)",
        0.85,
        "javascript: URI with code right after it (a link value, markdown, CSS url())",
    ),
    Rule(
        "handler_attribute",
        r"(?i)(?:^|[\s\"'/;])on(?:error|load|focus|focusin|blur|mouseover|mouseenter|click|toggle|"
        r"begin|end|pageshow|start|animationstart|transitionend|input|change|keydown|keyup|wheel|"
        r"scroll|resize|message|hashchange|pointerover|pointerenter|auxclick|copy|cut|paste)\s*="
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
    Rule(
        "delete_everything",
        r"(?i)\b(?:rm|chown|chmod|chgrp)\b[^\n]{0,80}--no-preserve-root|\brm\s+(?:-[-a-z]+\s+)*"
        r"-[a-z]*r[a-z]*\s+(?:-[-a-z]+\s+)*"
        r"-[a-z]*f[a-z]*\s+(?:/|/\*|~/?|\$home/?|/(?:etc|usr|var|home|boot|bin|lib|root))"
        r"(?:\s|$|;|&|\||\"|'|`)|\brm\s+(?:-[a-z]*(?:r[a-z]*f|f[a-z]*r)[a-z]*\s+)(?:/|~|"
        r"/(?:etc|usr|var|home|boot|bin|lib|root|sbin|opt))[/*]*`|\bfind\s+(?:/|~|\$home|/(?:etc|"
        r"usr|var|home|boot|bin|lib|root))/?\s[^\n|;]{0,120}(?:-delete\b|-exec\s+(?:rm|shred)\b)|"
        r"\bshred\b[^\n|;]{0,60}\s(?:/etc/|/var/log/|/home\b|~/|/root\b|/dev/)",
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
        r"\b(?:cat|pv)\s+/dev/(?:zero|u?random)\s*>\s*/dev/|\bdd\b[^\n]{0,60}\bof=(?:/dev/"
        r"(?:[sh]d|nvme|xvd|vd|mmcblk|disk)|\$)|\bformat-volume\b[^\n]{0,80}-force",
        0.95,
        "wipes or reformats a disk device",
    ),
    Rule(
        "privilege_escalation",
        r"(?i)\bchmod\s+(?:-R\s+)?(?:[ugoa]*\+s|[2467][0-7]{3})\s+(?:\S*/(?:ba|z|da|k)?sh\b|"
        r"\S*/python\d?(?:\.\d+)?\b|\S*/(?:perl|find|vim?|less|env|cp|nmap)\b|/tmp/|\$\(which)|"
        r"\bchown\s+-R\s+\S+\s+/(?:\s|$|['\"`])|\bchmod\s+-R\s+(?:0?777|a\+rwx|o\+w)\s+/"
        r"(?:etc|usr|bin|sbin|lib|boot|var|root)?\b|\bchmod\s+(?:-R\s+)?(?:[0-7]?[0-7][0-7][2367]|"
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
        r"secure|messages|syslog|wtmp|btmp|lastlog)|\.bash_history)|>\s*/var/log/(?:auth|secure|"
        r"wtmp|btmp|lastlog|syslog|messages)|\bauditctl\s+-(?:e\s*0|D)\b|(?:stop|disable|mask)\s+"
        r"(?:--now\s+)?auditd\b|auditd\s+stop|\bwevtutil\s+cl\b|journalctl\s+--vacuum-time=\d+s\b|"
        r"\bfind\s+/var/log/?\s[^\n]{0,60}-exec\s+truncate\b",
        0.85,
        "erases logs, shell history or audit trails",
    ),
    Rule(
        "windows_destroy",
        r"(?i)remove-item\b[^\n]{0,80}\bC:\\\\?(?:\s|$|['\"]|windows|users)[^\n]{0,60}-recurse|"
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
)
