"""A dangerous command mentioned, not requested: "what does `kill -9 -1` do?".

Questions about a risky command and warnings against it quote the command whole, so the
shell rules match them as they match the command itself: before the twenty-third session
half of the technical benign texts they blocked were answers about shell safety. A text
that asks about a command or warns against it, and asks for nothing to be run, keeps its
shell findings at `MENTION_SCORE` (flagged, not blocking). A request to run anything
("please run", "now execute it", "try this") cancels that, unless it is negated ("never run
it"); a JSON document (a tool call) never counts as a mention.
"""

import re2

__all__ = ["MENTION_NOTE", "MENTION_SCORE", "mentioned"]

MENTION_SCORE = 0.45  # below the default blocking line (0.5): flagged, not blocked
MENTION_NOTE = " (quoted in a question or warning about it: flagged, not blocked)"

_ASKS_OR_WARNS = re2.compile(
    r"(?i)\bwhat(?:'s|\s+is|\s+does|\s+exactly\s+does|\s+do(?:es)?\s+\S+\s+do)\b|"
    r"\bwhat\s+happens\s+(?:if|when)\b|\bis\s+(?:it|this|that)\s+(?:really\s+)?(?:safe|enough|"
    r"dangerous|ok(?:ay)?|a\s+good\s+idea)\b|\bis\s+`[^`\n]{1,200}`\s+(?:really\s+)?(?:safe|enough|"
    r"dangerous|ok(?:ay)?|a\s+good\s+idea)\b|\bwhy\s+(?:is|does|do|would|should|are)\b|"
    r"\bhow\s+does\b[^\n?]{0,60}\bwork\b|\bexplain\b|\bnever\s+(?:run|type|paste|execute)\b|"
    r"\bdo(?:n't|\s+not)\s+(?:ever\s+)?(?:run|type|paste|execute|try)\b|\b(?:is|are)\s+(?:so\s+|"
    r"very\s+|really\s+)?dangerous\b|\bto\s+be\s+aware\s+of\b|\bnot\s+to\s+(?:run|pipe|type)\b"
)
_ASKS_TO_RUN = re2.compile(
    r"(?i)\b(?:please|pls|plz|can\s+you|could\s+you|would\s+you|go\s+ahead\s+and|now|just|then|"
    r"and)\s+(?:run|execute|exec|launch|type|paste|do|try)\b|\b(?:run|execute|exec|launch|try)\s+"
    r"(?:it|this|that|the\s+following|these|them)\b"
)
# a request right after one of these words is the opposite of one ("never run it")
_NEGATED = re2.compile(
    r"(?i)\b(?:never|don't|do\s+not|not|won't|shouldn't|before)\s+(?:\w+\s+){0,2}\z"
)
_NEGATION_REACH = 30  # characters before a request that can negate it


def _asks_to_run(text: str) -> bool:
    for match in _ASKS_TO_RUN.finditer(text):
        before = text[max(0, match.start() - _NEGATION_REACH) : match.start()]
        if not _NEGATED.search(before):
            return True
    return False


def mentioned(text: str) -> bool:
    """Does `text` ask about or warn against a command, and ask for nothing to be run?"""
    if text.lstrip().startswith(("{", "[")):
        return False
    return bool(_ASKS_OR_WARNS.search(text)) and not _asks_to_run(text)
