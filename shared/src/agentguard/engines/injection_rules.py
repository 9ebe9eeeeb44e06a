"""Rule families for prompt injection and jailbreaks, matched on the normalized view.

Scores: >= 0.8 blocks on its own at the default threshold; 0.4-0.6 are weak signals that
explain a classifier decision or block only under a strict policy. Every pattern is RE2
(linear time) and case-insensitive.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from itertools import filterfalse

import numpy as np
import numpy.typing as npt

from agentguard.contracts import Category
from agentguard.engines._rx import Reading, Rule, compile_rx, first_span
from agentguard.engines.injection_asks import ASK_RULES
from agentguard.engines.injection_directives import DIRECTIVE_RULES
from agentguard.engines.injection_hijack import HIJACK_RULES
from agentguard.engines.injection_leaks import LEAK_RULES
from agentguard.engines.injection_pivots import PIVOT_JAILBREAKS, PIVOT_RULES
from agentguard.engines.injection_pivots import as_normalized as _words

__all__ = [
    "FLOOD_TOKENS",
    "INDIRECT_RULES",
    "RULES",
    "RULE_CATEGORY",
    "is_flood",
]

_GAP = r"(?:[^\w\n]+\w+){0,4}?[^\w\n]+"  # up to four filler words between key words
_OVERRIDE_VERB = (
    r"(?:ignore|ignoring|disregard|forget|skip|bypass|override|overrule|neglect|abandon|drop|"
    r"discard|dismiss|nevermind|never mind|stop following|do not follow|don't follow|"
    r"ignorier\w*|vergiss|vergessen)"
)
_PRIOR = (
    r"(?:previous|prior|above|earlier|preceding|foregoing|initial|original|old|all|any|every|"
    r"your|the|these|those|system|developer|safety|vorherigen|bisherigen|alle|obigen)"
)
_DIRECTIVES = (
    r"(?:instructions?|instructs?|directions?|directives?|prompts?|rules?|guidelines?|commands?|"
    r"orders?|constraints?|restrictions?|programming|context|policies|policy|guardrails?|"
    r"filters?|text|messages?|conversation|anweisungen|instruktionen|befehle|regeln)"
)

# the user's own earlier words, when the sentence says so: "the constraint I mentioned";
# "we" is left out: in a document it is the author speaking to the assistant
_OWN_VERBS = ("mentioned", "gave", "said", "set", "added", "wrote", "listed", "sent", "asked")
_OWNER = rf"(?:\s+(?:that\s+|where\s+|which\s+)?i\s+(?:{'|'.join(_OWN_VERBS)}))?"

# "don't forget the rules" reminds: the override patterns take a negation in front of their
# verb, on the same line, so that the match starts there and `_Affirmed` can see it (reports,
# "my boss told me to ignore the guidelines", are left to the classifier: in a document the
# same words are how a page speaks to the agent that reads it)
_NEGATIONS = ("don't", "dont", "do not", "never")
_NEGATION = rf"(?:(?:{'|'.join(_NEGATIONS)})[ \t]+)?"


_OVERRIDE = (
    rf"(?i)\b{_NEGATION}{_OVERRIDE_VERB}\b{_GAP}{_PRIOR}\b(?:{_GAP})?{_DIRECTIVES}\b{_OWNER}"
)

# French "ignore" is English's: "never ignore the safety instructions" reads as both, so an
# English negation is taken before that verb only
_OVERRIDE_ROMANCE = (
    rf"(?i)\b(?:(?:{'|'.join(_NEGATIONS)})[ \t]+ignore|ignora|ignore[rz]?|olvida|olvide|"
    r"oublie[rz]?|dimentica|esquece)\b"
    r"[^\n]{0,20}\b(?:las|les|le|as|todas|toutes|tutte)?\s*(?:instrucciones|instructions|"
    r"istruzioni|instrucoes|reglas|regles|regole|indicaciones)\b"
)

FLOOD_TOKENS = 40  # a run of at least this many short tokens is a flood candidate


# languages and voices a directive may ask replies in ("reply in French", "respond in
# Pirate"), named: a capital letter is no sign under (?i)
_LANGUAGE_NAMES = (
    r"(?:(?:simplified|traditional|brazilian|european|castilian|mexican)\s+)?"
    r"(?:english|french|spanish|german|italian|portuguese|dutch|russian|polish|turkish|"
    r"chinese|mandarin|cantonese|japanese|korean|arabic|hebrew|hindi|latin|greek|swedish|"
    r"vietnamese|indonesian|ukrainian|thai|czech|danish|norwegian|finnish|hungarian|"
    r"romanian|persian|farsi|urdu|bengali|swahili|tagalog|malay|esperanto|catalan|"
    r"klingon|elvish|pirate|shakespearean|old english|yoda)"
)
# what a directive shapes, and whose: "your", "each", "every", "all your", "all future"
_REPLIES = r"(?:responses?|repl(?:y|ies)|answers?|outputs?|solutions?|summar(?:y|ies))"
_OWN_REPLY = (
    r"(?:your|each|every|all\s+(?:of\s+)?your|all\s+(?:future|subsequent))\s+"
    r"(?:(?:next|future|subsequent|following|final)\s+)?"
)
_RESPONSE_DIRECTIVES = (
    # a reply "in", "within", "with" yours ("in your response", "end every answer")
    r"\b(?:in|within|throughout|into|with|on|end|begin|start|enhance|augment|conclude)\s+"
    + _OWN_REPLY
    + _REPLIES
    + r"\b",
    # "to" and "for" only where something is added to it ("thanks for your reply", "look
    # forward to your answer" are not)
    r"\b(?:add|append|prepend|attach|affix|insert|tack|apply)\b[^\n]{0,160}?\b(?:to|into)\s+"
    + _OWN_REPLY
    + _REPLIES
    + r"\b",
    r"\b(?:cipher|encoding|encryption|base\d\d|rot-?13|morse|leetspeak)\b[^\n]{0,60}?"
    r"\b(?:to|for)\s+" + _OWN_REPLY + _REPLIES + r"\b",
    r"\bfor\s+(?:each|every|all\s+(?:of\s+)?your)\s+" + _REPLIES + r"\s*,?\s+(?:add|append|"
    r"prepend|include|insert|mention|start|begin|end|write|say|use|recommend)\b",
    r"\b(?:end|beginning|start|top|bottom|first line|last line)\s+of\s+your\s+"
    r"(?:(?:next|final)\s+)?" + _REPLIES + r"\b",
    # a message only ended or begun; "the" only where a reply is ended or begun with
    # something ("in the response" describes an API)
    r"\b(?:end|begin|start|conclude|enhance|augment)\s+(?:your|each|every)\s+messages?\b",
    r"\b(?:end|begin|start|conclude)\s+the\s+(?:response|reply|answer|output|summary)\s+with\b",
    # a reply "with questions", "with your shipping address" is an e-mail's own request
    # unless it is only that, or in a named language, cipher or voice (a capital letter is
    # no sign under (?i)); "code" and "numbers" only "in" or "using" ("the API will
    # respond with code 401")
    r"\b(?:respond|reply|answer)\s+(?:only\s+(?:using|in|with)\s+\w|with\s+(?:only|just)\s+"
    r"(?:the\s+)?(?:word|phrase|string|text|letter)s?\b|(?:(?:exclusively|solely|always)\s+)?"
    r"(?:using|in|with)\s+(?:base\d\d|emojis?|morse|binary|hex(?:adecimal)?|leetspeak|"
    r"pig latin|all caps|rot-?13|rhymes?|(?:the |a |an )?(?:[a-z]+ )?cipher|(?:the |a )?"
    r"(?:style|voice|tone|manner|persona|character) of|" + _LANGUAGE_NAMES + r")\b|"
    r"(?:using|in)\s+(?:numbers|code|(?:[a-z]+ )?(?:language|encoding))\b)",
    # finished or closed with something; written in a style; spoken like a pirate
    r"\b(?:finish|close|sign off)\s+" + _OWN_REPLY + _REPLIES + r"\s+with\b",
    r"\b(?:write|word|phrase|compose|render)\s+(?:the|your|each|every)\s+"
    + _REPLIES
    + r"\s+(?:in|as)\s+(?:the |a )?(?:style|voice|tone|manner) of\b",
    r"\b(?:talk|speak)\s+(?:only\s+)?like\s+(?:a\s+)?pirate\b",
    r"\b(?:talk|speak|write)\s+only\s+in\s+(?:pig latin|rhymes?|verse|leetspeak|emojis?|"
    r"base\d\d|morse|binary|all caps|" + _LANGUAGE_NAMES + r")\b",
)
# table rules, separators and empty cells (a chess board's `. . . .`): structure, not words
_TABLE = frozenset("|+-=:.")
_FLOOD_PERIODS = (1, 2, 3, 4)
_FLOOD_SHARE = 0.9
_ASCII_DIGITS = "0123456789"


def is_flood(span: str) -> bool:
    """A run of one short token, or a short cycle of them, repeated: `ö ö ö …`,
    `) ] } ) ] } …`.

    Numbers never count (a printed array of class labels, `[1 0 0 1 2 …]`), nor do rules,
    separators and dots (empty board squares), and a multi-line table is never a flood;
    what is left must repeat with a period of at most four tokens almost everywhere, or
    exactly over a stretch of FLOOD_TOKENS tokens, which Morse code and DNA letters do
    not. The candidates are adversarial text by nature, so the per-token work is done by
    C-level `map`s and numpy, not Python loops (16 KB of `' or '` took 2.7 ms)."""
    if "|" in span and "\n" in span:  # a table, however repetitive its cells
        return False
    tokens = list(filterfalse(_TABLE.issuperset, span.split()))
    if any(digit in span for digit in _ASCII_DIGITS) or not span.isascii():
        tokens = [token for token in tokens if not any(map(str.isdigit, token))]
    count = len(tokens)
    if count < FLOOD_TOKENS:
        return False
    if len(set(tokens)) <= 4:
        needed = _FLOOD_SHARE * (count - 4)
        if any(
            sum(map(operator.eq, tokens, tokens[period:])) >= needed for period in _FLOOD_PERIODS
        ):
            return True
    # other short tokens at the candidate's edges (a word's tail, a `###` heading) must
    # not hide a flood: an exactly periodic stretch of FLOOD_TOKENS tokens is one
    ids = _token_ids(tokens)
    return any(_periodic_run(ids, period) >= FLOOD_TOKENS for period in _FLOOD_PERIODS)


@dataclass(frozen=True, slots=True)
class _Affirmed:
    """The check on a rule whose pattern takes a negation before its verb: False for a
    negated verb ("don't forget the rules", "never ignore the safety instructions"), unless
    the pattern matches again after that verb ("don't forget: ignore all previous
    instructions"); what is left must pass `then`."""

    pattern: str
    then: Callable[[str], bool] | None = None

    def __call__(self, span: str) -> bool:
        low = span.lower()
        negation = next(
            (n for n in _NEGATIONS if low.startswith(n) and low[len(n) : len(n) + 1] in " \t"),
            None,
        )
        rest = span[len(negation) :].lstrip() if negation else ""
        # "don't follow" and "never mind" are override verbs themselves
        if rest and not rest.lower().startswith(("follow", "mind")):
            verb_end = next(
                (i for i, c in enumerate(rest) if not (c.isalnum() or c == "'")), len(rest)
            )
            tail = rest[verb_end:]
            inner = first_span(compile_rx(self.pattern), tail)
            # the match found after the verb may be negated itself ("don't forget to never
            # skip the rules"): it is judged the same way, on a shorter text each time
            return inner is not None and self(tail[inner[0] : inner[1]])
        return self.then is None or self.then(span)


# who is to do the ignoring, read in the words before the verb: a report ("my boss told me
# to ignore the policy", "my neighbour keeps ignoring the HOA rule") or a question about
# software or people ("does a location block override the root directive?") asks the
# assistant to drop nothing; "can you ignore …" still does
_REPORTED = compile_rx(
    r"(?i)\b(?:(?:told|asked|tells|asks|wants?|wanted|instructed|ordered|forced|expects?|"
    r"expected|made|makes|lets?|allowed|encouraged|advised|urged|pressured|taught)\s+(?:me|"
    r"us|him|her|them|everyone|people|staff|employees|the (?:team|staff|class|kids|students))"
    r"\s+to|(?:he|she|they|who|[\w'-]+)\s+(?:keeps?|kept)(?:\s+on)?)\s+\z"
)
# a question opened by its modal at the start of a clause ("In CSS, can !important …");
# "you must now ignore …" puts its subject first and is no question
_QUESTION_SUBJECT = compile_rx(
    r"(?i)(?:\A|[\n.!?;:,]\s*)(?:(?:how|why|when|where|what|which|so|and|but|then)\s+)?"
    r"(?:does|do|did|will|would|can|could|should|shall|might|may|must)\s+((?:[\w.$@:/'-]+\s+)"
    r"{1,4})\z"
)
# the subject of such a question that is the assistant being asked
_ASSISTANT = frozenset(
    (
        *("you", "u", "ya", "we", "us", "assistant", "ai", "bot", "chatbot", "model", "gpt"),
        *("claude", "chatgpt", "gemini", "llm", "it"),
    )
)
# words that make the rules dropped an assistant's whoever reports it ("the administrator
# wants me to override the previous guidelines" is how a planted page speaks to its reader)
_ASSISTANTS_RULES = frozenset(
    (
        *("previous", "prior", "above", "earlier", "preceding", "foregoing", "initial"),
        *("original", "system", "developer", "safety", "your", "all", "any", "every", "old"),
    )
)


def _not_reported(before: str, span: str) -> bool:
    """False when the words before the override verb make someone else its subject and
    the rules it drops are not named as an assistant's."""
    if _ASSISTANTS_RULES & set(span.lower().replace(",", " ").split()):
        return True
    if _REPORTED.search(before):
        return False
    question = _QUESTION_SUBJECT.search(before)
    if question is None:
        return True
    subject = {word.strip("'.,") for word in question.group(1).lower().split()}
    return not subject.isdisjoint(_ASSISTANT)


def _not_users_own(span: str) -> bool:
    """False when the words overridden are the user's own ("forget the constraint I
    mentioned", "disregard the part in my last message"): people revise their requests.
    Only the words next to the directive count ("ignore, my friend, all previous
    instructions" is still an override)."""
    words = span.lower().replace(",", " ").split()
    if len(words) >= 2 and words[-2] == "i" and words[-1] in _OWN_VERBS:
        return False
    return "my" not in words[-4:]


_AFFIRMED_OVERRIDE = _Affirmed(_OVERRIDE, _not_users_own)


def _assistant_overrides(before: str, span: str) -> bool:
    """The `override` rule's check: its verb's subject is the assistant (`_not_reported`),
    and `_Affirmed` with `_not_users_own` holds on the match."""
    return _not_reported(before, span) and _AFFIRMED_OVERRIDE(span)


_THEIRS = frozenset(
    (
        "your",
        "initial",
        "original",
        "hidden",
        "secret",
        "above",
        "system",
        "full",
        "entire",
        "exact",
    )
)


def _asks_for_own_instructions(span: str) -> bool:
    """False for "the instructions for the tax form": instructions *for* something, unless
    they are plainly the assistant's own (`your`, `hidden`, `initial`, ...)."""
    words = span.lower().split()
    if words[-1] not in {"for", "on", "about"}:
        return True
    # whole words: "ecosystem" or "helpful" are not "system" or "full"
    return not _THEIRS.isdisjoint(words)


# Other languages' overrides need what the English rule needs: a verb, and a word that
# makes the instructions earlier or all of them ("don't forget the safety instructions",
# "ignore the format requirement" are ordinary requests). Without spaces between words
# (Chinese, Japanese) the qualifier must sit next to the noun.
_OVERRIDE_OTHER = (
    rf"\b(?:{_words('negeer', 'vergeet', 'ignorera', 'glöm', 'glem', 'ignorer', 'zignoruj')}|"
    rf"{_words('ignoruj', 'zapomnij', 'abaikan', 'lupakan')})\s+"
    rf"(?:{_words('alle', 'al', 'je', 'jouw', 'uw', 'alla', 'dina', 'dine', 'wszystkie')}|"
    rf"{_words('wszystkich', 'swoje', 'semua', 'seluruh', 'de', 'alt')})?\s*"
    rf"(?:{_words('vorige', 'eerdere', 'voorgaande', 'bovenstaande', 'oorspronkelijke')}|"
    rf"{_words('tidigare', 'föregående', 'forrige', 'tidligere', 'poprzednie', 'poprzednich')}|"
    rf"{_words('wcześniejsze', 'sebelumnya', 'alle', 'alla', 'wszystkie', 'semua')})\s+"
    rf"(?:{_words('instructies', 'opdrachten', 'regels', 'instruktioner', 'instruktionerna')}|"
    rf"{_words('instruksjoner', 'instruksjonene', 'instruktionerne', 'instrukcje')}|"
    rf"{_words('instrukcji', 'polecenia', 'poleceń', 'instruksi', 'perintah', 'arahan')})\b"
    rf"|\b(?:{_words('önceki', 'tüm', 'bütün')})\s+(?:\w+\s+)?(?:talimat\w*|kural\w*)\s+"
    rf"(?:\w+\s+)?(?:{_words('yok say', 'yoksay', 'unut', 'görmezden gel')})"
    rf"|(?:{_words('игнорируй', 'проигнорируй', 'забудь')})\S*\s+"
    rf"(?:{_words('все', 'всё', 'предыдущие', 'прежние', 'свои', 'прошлые')})\s+(?:\S+\s+)?"
    rf"(?:{_words('инструкции', 'инструкций', 'указания', 'указаний', 'правила')})"
    rf"(?:[\s,.!?;:]|$)"
    rf"|(?:{_words('忽略', '无视', '忘记', '忘掉', '忽视')})(?:掉)?(?:你)?"
    rf"(?:{_words('之前', '以上', '上面', '前面', '所有', '全部', '先前', '此前', '原来', '原有')}|"
    rf"{_words('上述', '系统')})[^\n]{{0,6}}(?:{_words('指令', '指示', '说明', '规则', '提示')})"
    rf"|(?:{_words('以前', '前', '上記', 'これまで', '全て', 'すべて', '元')})の"
    rf"(?:{_words('指示', '命令', 'ルール', '指令')})[^\n]{{0,4}}(?:{_words('無視', '忘れ')})"
    rf"|(?:{_words('이전', '위의', '모든', '기존')})\s*(?:{_words('지시', '명령', '지침', '규칙')})"
    rf"\S*\s*(?:\S+\s+)?(?:{_words('무시', '잊')})"
)
# how people name a guarded secret, and the words that point at the assistant's own
_GUARDED_OWNER = r"(?:the|your|ur|this|that|thy|hidden|special|current|correct|real|actual|full)"
# for its parts, not "your": "the characters in your password" is password advice
_PARTS_OWNER = r"(?:the|this|that|hidden|special|current|correct|real|actual|full)"
_GUARDED = (
    r"(?:secret\s+|hidden\s+|special\s+)?(?:password|passwort|passphrase|pass ?word|pass ?code|"
    r"access code|secret word|secret phrase|magic word|code ?word)\b"
)
_CREDENTIALS = (
    r"api[ -]?keys?|access[ -]tokens?|auth(?:entication|orization)?[ -](?:tokens?|headers?)|"
    r"bearer tokens?|session (?:cookies?|tokens?)|cookies|credentials|environment variables?|"
    r"env(?:ironment)? vars?|secrets|private keys?|connection strings?|ssh keys?|"
    r"service account (?:keys?|credentials)"
)
# reveal verbs (imperative and infinitive, as the normalized view spells them: no accents);
# not "write", which asks us to compose, nor "read", which asks us to follow
_REVEAL_OTHER = (
    r"copia|copie|copiez|recopie|recopiez|recopia|mostra|mostrami|muestra|muestrame|mostre|"
    r"montre|montrez|donne|donnez|dame|dimmi|dime|diz|dis|recita|recite|ripeti|repite|repete|"
    r"repetez|rivela|revela|revele|stampa|imprime|imprima|zeig|zeige|gib|nenne|wiederhole|"
    r"verrate|enthulle|riporta|incolla|pega|colle|traduci|traduce|traduis|copiare|mostrare|"
    r"ripetere|rivelare|stampare|recitare|mostrar|copiar|repetir|revelar|copier|montrer|"
    r"repeter|reveler|reciter|zeigen|nennen|wiederholen|verraten|ausgeben"
)
# second person only: "su", "sus", "seu" are also his, her and their
_YOUR_OTHER = r"tuo|tue|tuoi|tua|tus|tes|ton|ta|teu|teus|tuas|dein|deine|deinen|deiner|votre|vos"
# the assistant's instructions, not its "rules" (favourite rules for a card game)
_INSTRUCTIONS_OTHER = (
    r"prompt di sistema|prompt de sistema|prompt do sistema|prompt (?:du )?systeme|"
    r"istruzioni di sistema|instrucciones de(?:l)? sistema|instrucoes do sistema|"
    r"instructions (?:du )?systeme|system-?prompt|systemanweisungen|istruzioni|"
    r"instrucciones|instructions|instrucoes|anweisungen|consignes|direttive|directrices|"
    r"diretrizes"
)
# "hidden", "secret", "internal", "original": not "system", which a bot's builder writes too
_HIDDEN_OTHER = (
    r"nascoste|segrete|interne|iniziali|originali|ocultas|secretas|internas|iniciales|"
    r"originales|internes|cachees|secretes|initiales|d'origine|iniciais|originais"
)
_HIDDEN_OTHER_BEFORE = r"versteckten|geheimen|internen|ursprunglichen|verborgenen"
# what follows a secret's name when the text is about a form, a rule or a tool, not a secret
_NOT_A_SECRET = frozenset(
    (
        "policy",
        "policies",
        "field",
        "fields",
        "input",
        "requirement",
        "requirements",
        "rule",
        "rules",
        "strength",
        "checker",
        "validator",
        "validation",
        "manager",
        "generator",
        "reset",
        "hash",
        "hashing",
        "column",
        "string",
        "variable",
        "parameter",
        "argument",
        # a statement about passwords in general: "the characters in the password should"
        "should",
        "must",
        "need",
        "needs",
        "requires",
        "can",
        "cannot",
        "will",
        "may",
        "is",
        "are",
        "has",
        "have",
        "before",
        "after",
        "when",
    )
)


# "your instructions for the paella": instructions *for* something are not the prompt
_FOR_SOMETHING = frozenset(("para", "pour", "per", "fur", "sobre", "sur", "uber"))
# what follows a credential's name when the text is about a settings page or a policy
_NOT_A_CREDENTIAL = frozenset(
    (
        "page",
        "pages",
        "settings",
        "tab",
        "section",
        "menu",
        "dashboard",
        "documentation",
        "docs",
        "policy",
        "rotation",
        "format",
        "field",
        "screen",
        "panel",
        "guide",
    )
)


def _not_followed_by(excluded: frozenset[str]) -> Callable[[str], bool]:
    """A verify step for a match that ends in the word after the key phrase: False when
    that word makes the phrase a place or a rule ("your API keys page", "the password
    field"), not the thing itself."""

    def check(span: str) -> bool:
        words = span.lower().split()
        return not (words and words[-1].strip("\"'.,;:!?") in excluded)

    return check


# "the secret to crispy pancakes", "the secret ingredient": figures of speech
_IDIOMS = frozenset(
    [
        "to",
        "of",
        "behind",
        "for",
        "ingredient",
        "ingredients",
        "sauce",
        "recipe",
        "recipes",
        "santa",
        "garden",
        "service",
        "agent",
        "agents",
        "society",
        "life",
        "lives",
        "weapon",
        "menu",
        "history",
        "histories",
        "world",
    ]
)


def _not_an_idiom(span: str) -> bool:
    """False for a bare "secret" followed by a word that makes it an idiom."""
    words = span.lower().split()
    return not (len(words) >= 2 and words[-2].strip("\"'") == "secret" and words[-1] in _IDIOMS)


# the limits an attack wants gone, and the words that make them safety rules
_LIMITS = (
    r"(?:restrictions?|filters?|guidelines|limitations|censorship|policies|rules|ethics|"
    r"morals|boundaries|constraints)"
)
# plural: "an AI without restrictions", not "act as an agent without restriction" (law)
_PLURAL_LIMITS = (
    r"(?:restrictions|filters|guidelines|limitations|censorship|policies|rules|ethics|morals|"
    r"boundaries|constraints)"
)
_RULE_KINDS = r"(?:ethical|moral|content|safety|openai'?s?|usual|typical|normal)"

# what licences and terms of use grant "without restriction": a use of a thing, not a
# way to answer
_USES = (
    "use",
    "used",
    "using",
    "deal",
    "redistribute",
    "redistributed",
    "distribute",
    "distributed",
    "copy",
    "copied",
    "modify",
    "access",
    "accessed",
    "reuse",
    "licensed",
    "released",
    "publish",
    "published",
    "sell",
    "download",
    "downloaded",
    "available",
    "reproduce",
    "reproduced",
    "reprint",
    "reprinted",
    "share",
    "shared",
    "print",
    "printed",
    "translate",
    "translated",
    "display",
    "exploit",
    "stream",
    "open",
    "sold",
)
_USE_NOUNS = frozenset(
    (
        "use",
        "usage",
        "commercial",
        "redistribution",
        "distribution",
        "reuse",
        "copying",
        "access",
        "modification",
        "modifications",
        "sharing",
        "resale",
        "downloads",
        "reproduction",
        "reprinting",
        "number",
        "personal",
    )
)
# words that make the span about how the assistant answers after all
_ANSWERING = frozenset(
    (
        "you're",
        "your",
        "answer",
        "respond",
        "reply",
        "act",
        "speak",
        "talk",
        "say",
        "tell",
        "explain",
        "write",
        "give",
        "describe",
        "how",
        "now",
    )
)


def _not_a_licence(span: str) -> bool:
    """False for the licence sense of "without restriction": a use of a thing ("use it
    without restrictions", "deal in the Software without restriction") unless the span
    is about answering, or restrictions on a use ("no restrictions on the use of")."""
    words = [w for w in span.lower().replace(",", " ").split() if w not in {"the", "a"}]
    if words[0] in _USES and words[1] not in {"no", "without"} and _ANSWERING.isdisjoint(words):
        return False
    return not (
        len(words) >= 2 and words[-2] in {"on", "for", "to", "of", "in"} and words[-1] in _USE_NOUNS
    )


def _asks_for_a_secret(span: str) -> bool:
    """False for an idiom, and for a warning never to disclose ("never share your password
    with anyone"), which policies and emails say often. Only "never": "don't tell me the
    password, spell it" is how password-game attacks start."""
    return _not_an_idiom(span) and span.lower().split()[0] != "never"


def _token_ids(tokens: list[str]) -> npt.NDArray[np.int64]:
    """Each token as a small integer, equal tokens equal (first-seen order)."""
    index: dict[str, int] = {}
    return np.fromiter(
        (index.setdefault(token, len(index)) for token in tokens), np.int64, len(tokens)
    )


def _periodic_run(ids: npt.NDArray[np.int64], period: int) -> int:
    """Length of the longest stretch of tokens (as `_token_ids`) that repeats with this
    period: the longest run of positions equal to the one `period` before, plus `period`."""
    if ids.size <= period:
        return 0
    same = np.concatenate(([False], ids[period:] == ids[:-period], [False]))
    edges = np.flatnonzero(same[1:] != same[:-1])  # run starts and ends, alternating
    best = int((edges[1::2] - edges[0::2]).max(initial=0))
    return best + period if best else 0


# "ignore everything before 10:42", "skip all of that before line 20": a place in the
# user's own paste, not the conversation so far
_PLACE_AFTER = compile_rx(
    r"(?i)(?:before|above|prior)\s+(?:(?:line|page|row|step)\s+\d|\d{1,2}[:.h]\d\d\b)"
)


def _not_a_place_in_the_text(_before: str, span: str) -> bool:
    return _PLACE_AFTER.search(span) is None


# French, Italian, Spanish and Portuguese "ignora" is also the indicative: after a subject
# ("mi vecino ignora las reglas", "il mio capo ignora sempre le istruzioni") it reports
_ROMANCE_SUBJECT = compile_rx(
    r"(?i)\b(?:(?:mi|mio|mia|mon|ma|meu|minha|su|sua|son|sa|nuestro|nuestra|nostro|nostra|"
    r"notre|nosso|nossa)\s+[\w'-]+|lui|lei|ella|ele|ela|elle|ils|elles|ellos|ellas|eles|elas|"
    r"loro|todo el mundo|tout le monde|tutti|nadie|nessuno|personne)"
    r"\s+(?:(?:siempre|sempre|toujours|nunca|jamais|mai|a menudo|spesso|souvent|todavia|"
    r"ancora|encore|gia|deja)\s+)?\z"
)
_AFFIRMED_ROMANCE = _Affirmed(_OVERRIDE_ROMANCE)


def _not_a_romance_report(before: str, span: str) -> bool:
    return _ROMANCE_SUBJECT.search(before) is None and _AFFIRMED_ROMANCE(span)


RULES: tuple[Rule, ...] = (
    Rule(
        "override",
        _OVERRIDE,
        0.92,
        "asks to ignore or override earlier instructions",
        verify=Reading(_assistant_overrides, before=60, after=0),
    ),
    Rule(
        "override_short",
        rf"(?i)\b{_OVERRIDE_VERB}\s+(?:all|everything|that|this)\b[^\w\n]*(?:above|before|"
        r"prior|previous|else|and\b)",
        0.85,
        "asks to disregard everything before",
        verify=Reading(_not_a_place_in_the_text, before=0, after=12),
    ),
    Rule(
        "new_instructions",
        r"(?i)\b(?:new|updated|real|actual|true|revised|neue)\s+(?:instructions?|rules?|task|"
        r"directives?|system prompt|anweisungen|aufgabe)\s*[:\-]",
        0.8,
        "introduces replacement instructions",
    ),
    Rule(
        "override_de",
        r"(?i)\b(?:vergiss|vergessen sie|ignoriere|ignorieren sie|missachte|streiche|"
        r"lass(?:en sie)?)\b[^\n]{0,30}\b(?:alles|alle|die|sämtliche|samtliche)\b[^\n]{0,30}"
        r"\b(?:davor|zuvor|"
        r"vorher|bisherigen|vorherigen|vorangegangenen|obigen|vorigen|anweisungen|instruktionen|"
        r"aufgaben|informationen)\b|\babweichend (?:zu|von) (?:den )?(?:vorherigen|bisherigen)|"
        r"\b(?:nun|jetzt) folgen (?:neue|weitere) (?:anweisungen|aufgaben|instruktionen)\b|"
        r"\balle (?:bisherigen|vorherigen|vorangegangenen) (?:informationen|aufgaben|anweisungen)"
        r"[^\n]{0,40}\b(?:irrelevant|vergessen|hinter sich|streichen|ungultig)",
        0.85,
        "asks (in German) to drop earlier instructions",
    ),
    Rule(
        "task_switch",
        r"(?i)\b(?:(?:very )?well done|good job|great|excellent|perfect|that(?:'s| is| was) "
        r"(?:enough|done|ok|fine)|sehr gut|ausgezeichnet|gut gemacht|das ist erledigt|"
        r"das reicht)\b[.!,]?\s+(?:now|next|nun|jetzt|as a next step)\b[^\n]{0,60}\b(?:new|"
        r"next|another|following|further|different|neue|weitere|folgende)\s+(?:task|challenge|"
        r"question|instructions?|aufgabe|anweisungen|frage)",
        0.75,
        "praises the last answer and switches to a new task (typical hijack)",
    ),
    Rule(
        "override_romance",
        _OVERRIDE_ROMANCE,
        0.85,
        "asks (in Spanish, French, Italian or Portuguese) to drop instructions",
        verify=Reading(_not_a_romance_report, before=50, after=0),
    ),
    Rule(
        "override_other_languages",
        # Dutch, Swedish/Danish/Norwegian, Polish, Indonesian, Turkish, Russian, Chinese,
        # Japanese and Korean; RE2's \b is ASCII-only, so scripts without spaces use none
        rf"(?i){_OVERRIDE_OTHER}",
        0.85,
        "asks (in another language) to drop earlier instructions",
    ),
    Rule(
        "override_de_final",
        # German puts the verb last: "die obigen Ausführungen ignorieren"
        r"(?i)\b(?:obigen|vorherigen|bisherigen|vorangegangenen|vorigen|vorstehenden)\s+"
        r"(?:ausfuhrungen|anweisungen|instruktionen|befehle|regeln)\s+(?:\w+\s+){0,2}"
        r"(?:ignorieren|vergessen|missachten|streichen|ignoriert|vergisst)\b",
        0.85,
        "asks (in German, verb last) to drop earlier instructions",
    ),
    Rule(
        "rewrite_instructions",
        # not "rewrite your prompt for Midjourney" or "modify your guidelines for the quiz":
        # the user's own texts
        r"(?i)\b(?:change|replace|update|overwrite|reset|reprogram)\s+(?:all\s+(?:of\s+)?)?"
        r"your\s+(?:(?:system|original|initial|current)\s+)?(?:instructions|system prompt|"
        r"programming|directives)\s*(?::|to\b|with\b|so\b|into\b)",
        0.85,
        "rewrites the assistant's own instructions",
    ),
    Rule(
        "context_override",
        # retrieval apps: answer from "your own knowledge", not the documents given
        # the documents must be the ones given to it ("ignore the search results that are
        # ads", "don't read the documents in the shared folder yet" are ordinary requests)
        r"(?i)\b(?:disregard(?:ing)?|ignor(?:e|ing)|(?:do not|don't|dont) (?:look|read|use)"
        r"(?: in| at)?)\s+(?:the|all|any)\s+(?:of\s+the\s+)?(?:provided|given|supplied|"
        r"retrieved|attached)\s+(?:articles|documents|context|sources|search results)\b"
        r"|\b(?:by|from|with|using) your own knowledge\b[^\n]{0,12}\b(?:not|instead of|rather "
        r"than)\b[^\n]{0,24}\b(?:articles|documents|context|sources)\b",
        0.6,
        "tells a retrieval app to ignore the documents it was given",
    ),
    Rule(
        "forget_everything",
        r"(?i)\b(?:forget|olvida|olvide|oublie|dimentica|esquece|esqueça|esqueca|zaboravi|"
        r"vergiss)\s+(?:about\s+)?(?:everything|all|todo|tout|tutto|tudo|sve|alles)\b[^\n]{0,30}"
        r"\b(?:before|above|previous|prior|earlier|said|told|instructions|instrukcije|davor|"
        r"zuvor|anteriormente|instrucoes|instrucciones|istruzioni)\b",
        0.85,
        "asks to forget everything said before",
    ),
    Rule(
        "forget_all",
        r"(?i)\b(?:forget|olvida|olvide|oublie|dimentica|zaboravi|vergiss)\s+(?:about\s+)?"
        r"(?:everything|all|todo|tout|tutto|sve|alles)\b",
        0.45,
        "asks to forget everything (weak without a reference to what came before)",
    ),
    Rule(
        "answer_hijack",
        r"(?i)\b(?:do not|don't|dont)\s+answer\s+(?:this|the|my)\s+(?:question|prompt|request)"
        r"\b[^\n]{0,30}\b(?:but|instead|just|only)\b|\bdespite (?:what|everything) "
        r"(?:you(?:'ve| have)|you were) (?:been )?told\b",
        0.8,
        "tells the model to drop the question and produce something else",
    ),
    Rule(
        "closure_pivot",
        r"(?i)\b(?:well done|very good|good job|excellent(?: performance)?|perfect|that is done|"
        r"that's done|that is enough|sehr gut|das ist erledigt|gut gemacht)[.!]+\s*(?:(?:that is|"
        r"that's|das ist) (?:done|erledigt)[.!]+\s*)?(?:now|nun|jetzt)\b",
        0.45,
        "closes the task and pivots to a new one",
    ),
    Rule(
        "stop_command",
        r"(?i)\b(?:stop|stopp|halt|attention|achtung)\s*[-:!]+\s*(?:stop|stopp)?\s*[-:!]*\s*"
        r"(?:write|say|print|output|ich|i (?:urgently|need)|now)\b",
        0.45,
        "interrupts with a stop command to inject a new one",
    ),
    Rule(
        "from_now_on",
        r"(?i)\b(?:from now on|henceforth|for the rest of this conversation|ab jetzt|von nun an)"
        r"\b[^\n]{0,60}\b(?:you\s+(?:are|will|must|shall|should)|act|respond|answer|du bist)\b",
        0.55,
        "redefines behaviour for the rest of the session",
    ),
    Rule(
        "system_prompt_extraction",
        r"(?i)\b(?:reveal|print|show|repeat|output|display|tell|give|write|leak|dump|spell|"
        r"recite|copy|paste|list|translate|summari[sz]e|explain|paraphrase|rephrase|summary of|"
        r"what(?:'s| is| are| were))\b"
        r"[^\n]{0,40}?\b(?:your|the|my|initial|original|hidden|secret|above)\s+"
        r"(?:(?:system|initial|original|hidden|secret|first|full|entire|exact|last|previous|prior|"
        r"earlier|current)\s+)?"
        r"(?:system prompt|prompt|instructions|pre-?prompt|context window|guidelines)\b"
        r"(?:\s+(?:for|on|about)\b)?",
        0.85,
        "asks for the system prompt or hidden instructions",
        verify=_asks_for_own_instructions,
    ),
    Rule(
        "system_prompt_extraction_other_languages",
        # a reveal verb, then the assistant's own (possessive or "hidden") instructions
        rf"(?i)\b(?:{_REVEAL_OTHER})\b[^\n]{{0,60}}?(?:\b(?:{_YOUR_OTHER})\s+(?:\w+\s+){{0,2}}?"
        rf"(?:{_INSTRUCTIONS_OTHER})|\b(?:{_INSTRUCTIONS_OTHER})\s+(?:{_HIDDEN_OTHER})"
        rf"|\b(?:{_HIDDEN_OTHER_BEFORE})\s+(?:{_INSTRUCTIONS_OTHER}))\b"
        r"(?:[^\w\n]+\w+)?",  # the next word: "tus instrucciones para la paella"
        0.85,
        "asks (in another language) for the system prompt or hidden instructions",
        verify=_not_followed_by(_FOR_SOMETHING),
        prefilter="re2",  # Hyperscan: 13.6 s to compile this alternation alone
    ),
    Rule(
        "credential_exfiltration",
        # an agent's own keys, tokens and environment: "your" alone is every how-to's
        # generic you ("never share your API keys"), so the keys must be the assistant's:
        # current, configured, the ones it uses, or in its environment or prompt
        r"(?i)\b(?:print|show|echo|dump|list|paste|output|reveal|display|give|tell|share|copy|"
        r"send|include|attach|write|read out|recite|spell|leak|expose)\b[^\n]{0,40}?"
        r"(?:\byour\s+(?:own\s+)?(?:current|configured|stored|saved|internal|runtime|secret|"
        rf"real|actual)\s+(?:[\w-]+\s+){{0,2}}?(?:{_CREDENTIALS})\b"
        rf"|\b(?:{_CREDENTIALS})\s+(?:that\s+|which\s+)?you(?:'re| are)?\s+(?:currently\s+)?"
        r"(?:use|using|hold|store|attach|were given|can (?:read|see|access)|have access to|"
        r"are configured with)\b"
        rf"|\b(?:{_CREDENTIALS})\s+(?:in|from|of)\s+your\s+(?:runtime|environment|system "
        r"prompt|prompt|config|configuration|context|memory|instructions)\b)"
        r"(?:[^\w\n]+[a-z]+)?",  # the next word: "your current API keys page"
        0.75,
        "asks the assistant to disclose its own keys, tokens or environment",
        verify=_not_followed_by(_NOT_A_CREDENTIAL),
    ),
    Rule(
        "text_above",
        r"(?i)\b(?:repeat|print|output|reveal|write|show|spell|translate|summari[sz]e)\b"
        r"[^\n]{0,30}\b(?:(?:words|text|everything|all|lines?|instructions)\s+(?:above|before)|"
        r"above text|previous text|starting with[^\n]{0,20}you are)\b",
        0.85,
        "asks to repeat the hidden text above the conversation",
    ),
    Rule(
        "secret_extraction",
        r"(?i)(?:\bnever\s+)?"
        r"\b(?:reveal|tell|give|show|spell|print|say|write|share|disclose|leak|what(?:'s| is))"
        r"\b[^\n]{0,30}\b(?:the|your|this|that)\s+(?:secret\s+)?(?:password|passphrase|"
        r"pass ?word|pass ?code|access code|secret key|secret word|secret)\b"
        r"(?:[^\w\n]+[a-z]+)?",  # the next word, for the idiom check
        0.75,
        "asks the model to disclose a protected secret",
        verify=_asks_for_a_secret,
    ),
    Rule(
        "secret_probe",
        # the parts, length or an encoding of a guarded secret: how password games are won
        # without asking for the secret itself ("the first letter of the password", "the
        # password backwards", "translate the password into binary")
        rf"(?i)\b(?:(?:letters?|characters?|chars?|digits?|symbols?|numbers?|syllables?|"
        rf"vowels?|consonants?|half|halves|parts?|components?|length)\s+(?:of|in|from|that "
        rf"make up|used in|making up)\s+(?:{_PARTS_OWNER}\s+)?{_GUARDED}"
        rf"|(?:spell|reverse|translate|rhymes?\s+with|acrostic|anagram|synonym|antonym)\b"
        rf"[^\n]{{0,30}}?\b{_GUARDED_OWNER}\s+{_GUARDED}"
        rf"|{_GUARDED_OWNER}\s+{_GUARDED}\s+(?:backwards?|reversed|in reverse|in (?:binary|"
        rf"hex|hexadecimal|base ?\d\d|morse|ascii|unicode|emojis?|pig latin|leetspeak|"
        rf"another language|[a-z]+ letters)|letter by letter|character by character|one "
        rf"(?:letter|character) at a time|with (?:spaces|dashes|hyphens|dots|commas)|"
        rf"spelled|spelt|translated))"
        r"(?:[^\w\n]+[a-z]+)?",  # the next word: "the letters of the password policy"
        0.75,
        "probes the parts, length or an encoding of a protected secret",
        verify=_not_followed_by(_NOT_A_SECRET),
        prefilter="re2",  # Hyperscan: 2.8 s to compile alone
    ),
    Rule(
        "special_tokens",
        r"(?im)(?:<\|(?:im_start|im_end|endoftext|system|user|assistant|eot_id|start_header_id|"
        r"end_header_id|begin_of_text)\|>|\[/?INST\]|<</?SYS>>|</?(?:system|sys)>|"
        r"^\s*#{2,}\s*(?:system|instruction|new instructions?)\b|"
        r"^\s*(?:system|developer)\s*(?:prompt)?\s*:\s*you\b)",
        0.9,
        "injects chat-template control tokens or a fake system turn",
    ),
    Rule(
        "prefix_forcing",
        r"(?i)\b(?:begin|start|prefix|preface|open)\s+(?:your|the|each)\s+(?:reply|response|"
        r"answer|output|message|completion)s?\s+(?:with|by saying|by writing)\s*:?\s*"
        r"[\"'\[\x{201C}\x{201D}\x{2018}\x{2019}]",
        0.8,
        "dictates the literal words the reply must start with (prefix injection)",
    ),
    Rule(
        "output_only",
        r"(?i)\b(?:and|but)\s+nothing\s+(?:else|more|after ?wards?)\b|\bonly\s+(?:say|"
        r"respond with|reply with|output|print)\b|\bsay\s+only\b",
        0.45,
        "restricts the reply to dictated words",
    ),
    Rule(
        "known_payload",
        r"(?i)\b(?:i|you|we)(?: have|'ve) been pwned\b",
        0.85,
        "contains a well-known hijacking payload",
    ),
    Rule(
        "token_flood",
        # a candidate starts at a token's start, not inside a longer word
        rf"(?:\A|\s)(?:\S{{1,4}}\s+){{{FLOOD_TOKENS},}}",
        0.85,
        "repeats a few short tokens many times (context flooding)",
        verify=is_flood,
        structural=True,
    ),
    Rule(
        "fake_turn",
        r"(?i)(?:^|\n)\s*(?:human|user|assistant|ai|system)\s*:\s*[^\n]{0,80}\n[^\n]{0,200}"
        r"\b(?:ignore|disregard|you are now|new instructions)\b",
        0.8,
        "fakes a conversation turn to smuggle instructions",
    ),
    Rule(
        "dan_persona",
        # persona names in capitals (not "Dan, the mechanic"; not a script's speaker label,
        # "STAN: When I was your age"), or in any case (the leetspeak view is lower-case)
        # where they are a role to play or a mode to switch on
        r"(?i)(?:\b(?-i:DAN|STAN|DUDE|AIM)[^:\n\w][^\n]{0,199}"
        r"\b(?:you|your|respond|answer|act|enabled|character|persona)\b"
        r"|\b(?:do anything now|developer mode|dev mode|"
        r"jailbreak(?:ed|mode)?|god mode|unrestricted mode|evil mode|chaos mode|opposite mode|"
        r"anti-?gpt|betterdan|machiavellian|evil confidant|unfiltered and amoral)\b"
        r"[^\n]{0,200}\b(?:you|your|respond|answer|act|enabled|character|persona)\b"
        r"|\b(?:act as|pretend to be|you are now|become|roleplay as|answer as|reply as)\s+"
        r"(?:dan|stan|dude)\b|\b(?:dan|stan|dude|aim|jailbreak|god|evil|chaos)\s+mode\b)",
        0.7,
        "invokes a known jailbreak persona",
    ),
    Rule(
        "no_restrictions",
        # free of the assistant's rules: its safety rules named as such, "your" rules, or
        # an AI or a way of answering said to be without them
        rf"(?i)\b(?:ignore|bypass|not bound by|no longer (?:have|bound by|follow))\s+"
        rf"(?:any\s+|all\s+|the\s+|your\s+)?(?:{_RULE_KINDS}\s+)?{_LIMITS}\b"
        rf"|\b(?:without|no|free of|free from)\s+(?:any\s+|all\s+|the\s+|your\s+)?"
        rf"{_RULE_KINDS}\s+{_LIMITS}\b"
        rf"|\b(?:without|no|free of|free from)\s+(?:any\s+(?:of\s+)?)?your\s+{_LIMITS}\b"
        rf"|\b(?:an?|the|you(?:'re| are)(?: now)?)\s+(?:\w+\s+)?(?:ai|assistant|chatbot|bot|"
        rf"model|gpt|llm|persona|version of you)\b[^\n.]{{0,20}}?\b(?:without|with no|with "
        rf"zero|free of|free from)\s+(?:any\s+)?{_PLURAL_LIMITS}\b"
        rf"|\b(?:respond|answer|reply|act|speak|talk|write|operate|behave|function|chat|output)"
        rf"\w*\b[^\n.]{{0,30}}?\b(?:without|with no|with zero|free of|free from)\s+"
        rf"(?:any\s+|all\s+)?{_PLURAL_LIMITS}\b",
        0.6,
        "asks for behaviour free of safety rules",
    ),
    Rule(
        "no_restrictions_weak",
        # "no rules", "without filters" alone: a dance class, an Excel tip, a licence
        # ("deal in the Software without restriction", read by `_not_a_licence`): a sign
        # that explains a classifier decision, not one that blocks
        rf"(?i)(?:\b(?:{'|'.join(_USES)})\b[^\n]{{0,40}}?(?:\n[^\n]{{0,40}}?)?)?"
        rf"\b(?:without|no|free of|free from)\s+(?:any\s+|all\s+|the\s+)?{_LIMITS}\b"
        r"(?:[ \t]+(?:on|for|to|of|in)[ \t]+(?:the\s+|a\s+)?[\w-]+)?",
        0.45,
        "names behaviour free of rules (weak without other signs)",
        verify=_not_a_licence,
    ),
    Rule(
        "never_refuse",
        r"(?i)\b(?:never|not|don't|do not|cannot|can't|won't|will not)\s+(?:ever\s+)?"
        r"(?:refuse|decline|say (?:no|that you can't|sorry|i'm sorry)|apologi[sz]e|"
        r"warn|include (?:any )?(?:warnings|disclaimers))\b",
        0.5,
        "forbids refusals or warnings",
    ),
    Rule(
        "stay_in_character",
        r"(?i)\b(?:stay in character|break character|remain in character)\b",
        0.45,
        "insists on a persona (role-play games say so too: a weak signal alone)",
    ),
    Rule(
        "persona_replacement",
        r"(?i)\b(?:you are no longer (?:an? )?(?:ai|assistant|chatgpt|language model)|"
        r"you are now (?:an? )?(?:unrestricted|unfiltered|uncensored|evil|jailbroken))\b",
        0.65,
        "forces a persona that replaces the assistant",
    ),
    Rule(
        "role_hijack",
        r"(?i)\b(?:you are now|pretend (?:to be|you are|that you are|you can)|"
        r"act as if you|roleplay as|from now on you are|du bist jetzt|du bist nun|"
        r"stell dir vor,? du bist|"
        r"tu es maintenant)\b",
        0.4,
        "reassigns the assistant's role",
    ),
    Rule(
        "fiction_shield",
        r"(?i)\b(?:purely|entirely|just|only|strictly) (?:fictional|hypothetical)"
        r"|\bfor (?:purely )?(?:educational|research|academic) purposes"
        r"|\b(?:will|would) (?:never|not) be used (?:in|for)"
        r"|\bin a (?:fictional|hypothetical) (?:world|scenario|setting|universe|story)",
        0.4,
        "wraps the request in a fiction or research disclaimer",
    ),
    Rule(
        "payload_split",
        r"(?i)\b[a-z]\s*=\s*['\"][^'\"\n]{1,80}['\"][^\n]{0,40}\n?[^\n]{0,80}"
        r"\b[a-z]\s*\+\s*[a-z]\b",
        0.6,
        "splits a payload into variables to be joined",
    ),
    Rule(
        "adversarial_suffix",
        r"(?:[\[\](){}<>`\\@$^|~]{2,}[^\n]{0,20}?){3,}",
        0.35,
        "contains an optimised gibberish suffix",
    ),
    *PIVOT_RULES,
    *ASK_RULES,
    *LEAK_RULES,
    *HIJACK_RULES,
)

# Extra rules for text an agent reads from a tool or a document (indirect injection).
INDIRECT_RULES: tuple[Rule, ...] = (
    Rule(
        "addressed_to_ai",
        # after a comma or colon any imperative counts ("AI: reply in French"); after a bare
        # space only verbs that cannot be the noun of a compound ("AI reply suggestions",
        # "AI output", "should agents tell customers")
        r"(?i)\b(?:ai|assistant|chatbot|language model|llm|gpt|claude|copilot|agent|bot)s?\b"
        r"(?:\s{0,3}[,:!-][\s,:!-]{0,3}(?:please\s+)?(?:ignore|disregard|forget|send|forward|"
        r"email|include|append|insert|respond|reply|answer|output|tell|do not|don't|you must|"
        r"you should)|\s{1,3}(?:please\s+)?(?:ignore|disregard|forget|do not|don't|you must|"
        r"you should|must now|should now))\b",
        0.85,
        "an instruction addressed to the AI inside data",
    ),
    Rule(
        "when_you_read",
        r"(?i)\b(?:when|once|after|if|as soon as)\s+(?:you|the (?:ai|assistant|model))\s+"
        r"(?:read|see|process|summari[sz]e|parse|encounter|receive)\s+(?:this|these|the)\b",
        0.85,
        "a trigger phrase aimed at the reading model",
    ),
    Rule(
        "exfiltrate",
        r"(?i)\b(?:send|forward|email|e-mail|post|upload|exfiltrate|transmit|leak|copy)\b"
        r"[^\n]{0,40}\b(?:user'?s?|all|any|their|his|her|the|private|personal|confidential)\s+"
        r"(?:data|credentials?|passwords?|emails?|contacts|files|documents|conversation|"
        r"chat history|history|cookies|tokens?|api keys?|secrets?|information)\b"
        r"[^\n]{0,60}\b(?:to|at|into)\b",
        0.8,
        "asks to send the user's data somewhere",
    ),
    Rule(
        "markdown_exfil",
        r"(?i)!\[[^\]\n]{0,80}\]\(\s*https?://[^)\s]{1,200}[?&][\w-]{1,30}=[^)\s]{0,40}"
        r"(?:\{|%7b|\$|<)",
        0.85,
        "a markdown image that leaks data in its URL",
    ),
    Rule(
        "hide_from_user",
        r"(?i)\b(?:do not|don't|never|without)\s+(?:tell(?:ing)?|inform(?:ing)?|mention(?:ing)?|"
        r"reveal(?:ing)?|show(?:ing)?|notify(?:ing)?|alert(?:ing)?)\s+(?:this to\s+)?"
        r"(?:the\s+)?(?:user|human|reader|recipient|customer)\b",
        0.8,
        "asks to hide an action from the user",
    ),
    Rule(
        "instead_task",
        r"(?i)\b(?:instead|rather than (?:summari[sz]ing|answering|translating)|"
        r"before (?:answering|responding|you (?:answer|respond|summari[sz]e)))\b[^\n]{0,20}"
        r"\b(?:you (?:must|should|will)|please|always|first)\b",
        0.6,
        "redirects the reading model to another task",
    ),
)

INDIRECT_RULES += (
    Rule(
        "response_directive",
        "(?i)" + "|".join(_RESPONSE_DIRECTIVES),
        0.6,
        "data tells the reading model how to shape its response",
    ),
    *DIRECTIVE_RULES,
    Rule(
        "response_directive_loose",
        # the forms the rule above leaves out ("in the response", "reply with the last
        # five e-mails"): as often an e-mail's or a manual's own words as a directive, so
        # weak, blocking only beside the classifier's support
        r"(?i)\b(?:in|to|within|throughout|into|for|with|on)\s+the\s+" + _REPLIES + r"\b|"
        r"\b(?:respond|reply|answer)\s+(?:using|in|with)\s+[a-z]+\b",
        0.45,
        "data may tell the reading model how to shape its response",
    ),
)

RULE_CATEGORY: dict[str, Category] = {
    rule.name: Category.JAILBREAK
    for rule in RULES
    if rule.name
    in {
        "dan_persona",
        "no_restrictions",
        "no_restrictions_weak",
        "never_refuse",
        "stay_in_character",
        "persona_replacement",
        "adversarial_suffix",
        "fiction_shield",
        *PIVOT_JAILBREAKS,
    }
}
