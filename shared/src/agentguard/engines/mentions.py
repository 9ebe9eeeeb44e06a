"""A dangerous command mentioned, not requested: "what does `kill -9 -1` do?".

Questions about a risky command and warnings against it quote the command whole, so the
shell rules match them as they match the command itself: before the twenty-third session
half of the technical benign texts they blocked were answers about shell safety. A shell
finding is kept below the blocking line (`MENTION_SCORE`: flagged, not blocked) only when
all of these hold:

- the command is quoted: the finding lies inside a backtick span or a fenced block;
- the prose around the quotes (the text with every quoted part taken out, so a word in a
  URL, a comment or an `echo` string never counts) asks about it ("what does", "is … safe",
  "why is", "explain") or warns against it ("never run", "don't type", "is dangerous");
- the prose asks for nothing to be run: a run, execute, type, paste, enter or launch verb
  opening a sentence, line or list item, after a colon, after "please", "can you", "I need
  you to", "then", "by" and the like, or with its object ("run it"), is a request, unless
  a negation stands right before it ("never run it", "don't ever try this");
- the text is no JSON document (a tool call) and the finding came from no decoded payload.
"""

import re2

__all__ = ["MENTION_NOTE", "MENTION_SCORE", "mentioned"]

MENTION_SCORE = 0.45  # below the default blocking line (0.5): flagged, not blocked
MENTION_NOTE = " (quoted in a question or warning about it: flagged, not blocked)"

# fenced blocks, then inline backtick spans on one line
_QUOTED = re2.compile(r"(?s:```.*?```)|`[^`\n]{1,500}`")
_ASKS_OR_WARNS = re2.compile(
    r"(?i)\bwhat(?:'s|\s+is|\s+does|\s+exactly\s+does|\s+do(?:es)?\s+\S+\s+do)\b|"
    r"\bwhat\s+happens\s+(?:if|when)\b|\bis\s+(?:it|this|that|\x00)\s+(?:really\s+)?(?:safe|enough|"
    r"dangerous|ok(?:ay)?|a\s+good\s+idea)\b|\bwhy\s+(?:is|does|do|would|should|are)\b|"
    r"\bhow\s+does\b[^\n?]{0,60}\bwork\b|\bexplain\b|\bnever\s+(?:ever\s+)?(?:run|type|paste|"
    r"execute)\b|\bdo(?:n't|\s+not)\s+(?:ever\s+)?(?:run|type|paste|execute|try)\b|\b(?:is|are)"
    r"\s+(?:so\s+|very\s+|really\s+)?dangerous\b|\bto\s+be\s+aware\s+of\b"
)
# a run verb where a request puts it: opening a sentence, a line or a list item, after a
# colon ("Your task: run …"), after "please", "can you", "I need you to", "then", "by" …,
# or with its object ("run it", "execute the following")
_REQUEST = re2.compile(
    r"(?i)(?:^|[.!?:;]\s+|\n\s*(?:[-*>]\s*|\d+[.)]\s*)?|\b(?:please|pls|plz|kindly|can\s+you|"
    r"could\s+you|would\s+you|will\s+you|go\s+ahead\s+and|now|then|just|also|and|need\s+you\s+"
    r"to|want\s+you\s+to|have\s+to|must|by)\s+)(?:run(?:ning)?|execute|exec|type|paste|enter|"
    r"launch|invoke|try)\b|\b(?:run|execute|exec|launch|try)\s+(?:it|this|that|the\s+following|"
    r"these|them)\b"
)
# a request right after one of these is its opposite ("never run it", "don't ever type")
_NEGATED = re2.compile(
    r"(?i)\b(?:never|don't|dont|do\s+not|shouldn't|should\s+not)(?:\s+ever)?\s+\z"
)
_LOOK_BEHIND = 30  # characters before a request that can negate it
_PLACEHOLDER = "\x00"  # stands for a quoted part in the prose ("is `x` safe" reads "is \0 safe")


def _quoted(text: str) -> list[tuple[int, int]]:
    """The spans of `text` in backticks or fenced blocks."""
    return [match.span() for match in _QUOTED.finditer(text)]


def _prose(text: str, spans: list[tuple[int, int]]) -> str:
    parts, last = [], 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(_PLACEHOLDER)
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _requests_a_run(prose: str) -> bool:
    for match in _REQUEST.finditer(prose):
        before = prose[max(0, match.start() - _LOOK_BEHIND) : match.start()]
        if not _NEGATED.search(before):
            return True
    return False


def mentioned(text: str) -> list[tuple[int, int]]:
    """The quoted spans of `text` whose commands are only asked about or warned against
    (empty when the text asks for a run, is JSON, or asks and warns about nothing)."""
    if text.lstrip().startswith(("{", "[")):
        return []
    spans = _quoted(text)
    if not spans:
        return []
    prose = _prose(text, spans)
    if not _ASKS_OR_WARNS.search(prose) or _requests_a_run(prose):
        return []
    return spans
