"""Directives planted in data that shape the reading model's reply, in French, German,
Spanish, Italian and Portuguese (`response_directive` reads English).

Every word is written as the normalized view spells it (accents dropped: "réponse" is
`reponse`, "Französisch" is `franzosisch`). The honest texts these must leave alone talk
about replies between people: "merci pour votre réponse", "indiquez votre numéro de
commande dans votre réponse", "chaque réponse doit comporter deux arguments" (homework),
"responde solo con un número del 1 al 10" (a survey), "terminez chaque message par
« Cordialement »" (a style guide). So a rule needs one of:

- a reply in a named language, cipher or verse, asked with "only" or "always";
- a reply that is only "the word" X;
- a reply, each reply or yours, ended, begun, prefixed, ciphered or written in a style;
- something added at the start or the end of each reply or yours;
- the user's contact data copied into the reply;
- a claim to make in every reply.
"""

from agentguard.engines._rx import Rule
from agentguard.engines.injection_pivots import normalized_alternation as _alternation

__all__ = ["DIRECTIVE_RULES"]

# the reply, as a noun ("Antworten" is the verb too: it takes a determiner here)
_REPLY = r"(?:reponses?|antworte?n?|respuestas?|rispost[ae]|respostas?)"
# whose reply: each one, every one, all of them, yours (singular and plural forms)
_EACH = (
    r"(?:chaque|chacune\s+de\s+(?:vos|tes)|toutes?\s+(?:vos|tes|les)|votre|ta|vos|tes|"
    r"jede[rnms]?|alle[n]?|deine[rnms]?|ihre[rnms]?|eure[rnms]?|"
    r"cada(?:\s+una\s+de\s+(?:tus|sus|las))?|tod[ao]s?\s+(?:tus|sus|las|os|as)|tu|tus|su|sus|"
    r"ogni|ciascuna|tutte\s+le|(?:la|le)\s+tu[ae]|tu[ae]|(?:a\s+)?su[ao]s?|cada\s+uma\s+das\s+suas|"
    r"toda|toute)"
)
_EACH_REPLY = rf"\b{_EACH}\s+(?:\w+\s+)?{_REPLY}\b"
# languages a reply is asked in, as each of the five names them
_LANGUAGES = _alternation(
    "anglais|français|allemand|espagnol|italien|portugais|japonais|chinois|russe|arabe|"
    "néerlandais|polonais|turc|coréen|"
    "Englisch|Deutsch|Französisch|Spanisch|Italienisch|Portugiesisch|Japanisch|Chinesisch|"
    "Russisch|Arabisch|Niederländisch|Polnisch|Türkisch|Koreanisch|"
    "inglés|francés|alemán|español|italiano|portugués|japonés|chino|ruso|árabe|"
    "inglese|francese|tedesco|spagnolo|portoghese|giapponese|cinese|russo|arabo|"
    "inglês|francês|alemão|espanhol|português|japonês|chinês"
)
# the forms a reply is asked in besides a language: ciphers, encodings, verse
_FORMS = (
    r"(?:base\s?64|hexad[eé]cimal|rot-?13|morse|binaire|binar|binario|"
    r"(?:\w+\s+){0,2}(?:vers|verse[nm]?|verso|versi|versos|alexandrins|endecasillabi|rimes?|"
    r"reim\w*|rima\w*))"
)
# "only", "exclusively", "always", "from now on"
_ONLY = _alternation(
    "uniquement|seulement|exclusivement|toujours|désormais|nur|ausschließlich|ausschliesslich|"
    "immer|stets|solo|sólo|solamente|únicamente|exclusivamente|siempre|soltanto|"
    "esclusivamente|sempre|apenas|somente|só"
)
_REPLY_VERB = _alternation(
    "répondez|réponds|répondre|répond|antworte|antworten|antwortet|beantworte|responde|"
    "responda|respondé|responder|contesta|conteste|contestar|rispondi|risponda|rispondere|"
    "rispondete|respondam|responde"
)
# ending and beginning a reply ("se terminer par", "mit … enden", "terminar con")
_BOUND_VERB = _alternation(
    "terminez|termine|terminer|terminent|finissez|finis|finir|finit|commencez|commence|"
    "commencer|débutez|débuter|concluez|conclure|beende|beenden|beginne|beginnen|enden|"
    "endet|starte|schließe|schliesse|termina|terminar|termine|empieza|empezar|comienza|"
    "comenzar|acaba|acabar|concluye|concluir|inizia|iniziare|terminare|concludi|concludere|"
    "chiudi|chiudersi|chiudere|finire|comece|começar|começa|conclua|finalize|finalizar|acabe"
)
_WITH = r"(?:par|mit|con|com|avec)"
# adding something to a reply ("ajoutez au début de chaque réponse", "hänge an … an")
_ADD_VERB = _alternation(
    "ajoutez|ajoute|insérez|insère|placez|mettez|füge|fügen|hänge|hängen|setze|setzen|"
    "schreibe|añade|añadir|agrega|inserta|pon|coloca|aggiungi|aggiungere|inserisci|premetti|"
    "metti|adicione|acrescente|insira|coloque|ponha"
)
_AT_BOUND = _alternation(
    "au début|à la fin|en tête|en fin|au bout|am Anfang|am Ende|zu Beginn|vor|an|"
    "al principio|al inicio|al final|all'inizio|alla fine|in fondo|in cima|no início|"
    "no final|no fim|ao final|ao fim"
)
# cipher, encode, write or word a reply
_SHAPE_VERB = _alternation(
    "chiffrez|chiffre|chiffrant|codez|encodez|écrivez|écris|rédigez|rédige|formulez|"
    "verschlüssele|verschlüsseln|kodiere|schreibe|schreiben|formuliere|verfasse|cifra|"
    "cifrar|codifica|codifique|escribe|escriba|redacta|redacte|scrivi|scriva|redigi|"
    "formula|escreva|escreve|redija|formule|cifre"
)
_STYLE = _alternation(
    "dans le style|à la manière|im Stil|im Ton|en el estilo|con el estilo|imitando el estilo|"
    "al estilo|nello stile|alla maniera|no estilo|ao estilo|à maneira|avec le chiffre|"
    "con el cifrado|con il cifrario|com a cifra|un décalage|une Verschiebung|un desplazamiento|"
    "uno spostamento|um deslocamento|décalage|César|Caesar|Cesare|ROT13|base64"
)
_IN_VERSE = (
    r"(?:en|in|em)\s+(?:\w+\s+)?(?:vers|versen|verso|versi|versos|rimes|reimen|alexandrins|"
    r"endecasillabi)\b"
)
# the style phrases alone ("antworte im Stil von Goethe")
_STYLE_ONLY = _alternation(
    "dans le style|à la manière|im Stil|en el estilo|al estilo|nello stile|alla maniera|"
    "no estilo|ao estilo|à maneira"
)
_AT_END = _alternation("à la fin|am Ende|al final|in fondo|alla fine|no final|ao final")
# the user's contact data ("l'adresse e-mail de l'utilisateur", "CPF do usuário")
_USER = _alternation(
    "de l'utilisateur|de l'utilisatrice|des Nutzers|des Benutzers|des Anwenders|der Nutzerin|"
    "del usuario|de la usuaria|dell'utente|do usuário|do utilizador|da usuária"
)
_CONTACT = _alternation(
    "adresse|e-mail|courriel|téléphone|numéro|E-Mail|Adresse|Telefonnummer|Wohnadresse|"
    "Handynummer|correo|dirección|teléfono|DNI|indirizzo|email|telefono|codice fiscale|"
    "endereço|telefone|CPF|RG|NIF"
)
# making a claim in every reply ("affirmez dans chacune de vos réponses que")
_CLAIM_VERB = _alternation(
    "affirmez|affirme|prétendez|dites|dis|behaupte|behaupten|sage|afirma|afirme|asegura|"
    "di|dì|sostieni|afferma|dichiara|diga|declare|garanta"
)

DIRECTIVE_RULES: tuple[Rule, ...] = (
    Rule(
        "response_directive_other_languages",
        # a language, cipher or verse asked with "only" or "always" (either order:
        # "répondez uniquement en japonais", "nur auf Italienisch antworten"); the word
        # alone ("uniquement par le mot « VALIDÉ »"), not "only with a number" (a survey)
        rf"(?i)\b(?:{_REPLY_VERB})\s+(?:\w+\s+){{0,2}}?(?:{_ONLY})\s+(?:\w+\s+)?"
        rf"(?:en|in|auf|em|par|mit|con|com)\s+(?:(?:{_LANGUAGES})\b|{_FORMS}\b|"
        rf"(?:le|dem|la|a)\s+(?:mot|wort|palabra|parola|palavra)\b)|"
        rf"\b(?:{_ONLY})\s+(?:auf|in|en)\s+(?:{_LANGUAGES})\s+(?:{_REPLY_VERB})\b|"
        # a reply ended or begun with something: "toute réponse … doit se terminer par",
        # "beginne jede deiner Antworten mit", "concludi la tua risposta con"
        rf"{_EACH_REPLY}[^.\n]{{0,60}}?\b(?:{_BOUND_VERB})\s+(?:\w+\s+)?{_WITH}\b|"
        rf"\b(?:{_BOUND_VERB})\s+(?:\w+\s+){{0,3}}?{_EACH_REPLY}\s+{_WITH}\b|"
        # something put at the start or the end of each reply or yours
        rf"\b(?:{_ADD_VERB})\b[^.\n]{{0,40}}?\b(?:{_AT_BOUND})\s+(?:de\s+|der\s+|von\s+|"
        rf"della\s+|dell'|da\s+|do\s+|a\s+|ad\s+)?{_EACH_REPLY}|"
        rf"\b(?:{_ADD_VERB})\b[^.\n]{{0,80}}?\b(?:an|a|in|en|em|na|nella|dans)\s+{_EACH_REPLY}"
        rf"[^\n]{{0,100}}?\b(?:an|hinzu|ein)\b|"
        # a reply ciphered, encoded or written in a style or in verse
        rf"\b(?:{_SHAPE_VERB})\b[^.\n]{{0,30}}?(?:{_EACH_REPLY}|\b(?:la|die|the)\s+{_REPLY}\b)"
        rf"[^.\n]{{0,50}}?(?:\b(?:{_STYLE})\b|{_IN_VERSE})|"
        rf"{_EACH_REPLY}[^.\n]{{0,50}}?\b(?:{_STYLE_ONLY})\b|"
        rf"\b(?:{_REPLY_VERB})\s+(?:\w+\s+){{0,2}}?(?:{_STYLE_ONLY})\b|"
        rf"\b(?:{_REPLY_VERB})\b[^.\n]{{0,60}}?\b(?:Cesar|Caesar|Cesare|ROT13|base64)\b|"
        # a reply only in a language: "rédigez toute votre réponse uniquement en japonais"
        rf"{_EACH_REPLY}[^.\n]{{0,30}}?\b(?:{_ONLY})\s+(?:en|in|auf|em)\s+(?:{_LANGUAGES})\b|"
        # German ends with its verb: "jede Antwort … muss mit dem Link … enden"
        rf"{_EACH_REPLY}[^.\n]{{0,60}}?\bmit\b[^\n]{{0,100}}?\b(?:enden|beginnen|anfangen|"
        rf"schließen|schliessen)\b|"
        rf"\bpremetti\s+a\s+{_EACH_REPLY}|"
        # the user's contact data copied into a reply
        rf"\b(?:{_CONTACT})\b[^.\n]{{0,40}}?\b(?:{_USER})\b[^.\n]{{0,60}}?{_EACH_REPLY}|"
        rf"{_EACH_REPLY}[^.\n]{{0,60}}?\b(?:{_CONTACT})\b[^.\n]{{0,40}}?\b(?:{_USER})\b|"
        rf"\b(?:{_CONTACT})\b[^.\n]{{0,40}}?\b(?:{_USER})\b[^.\n]{{0,30}}?\b(?:{_AT_END})\b|"
        rf"\b(?:{_AT_END})\b[^.\n]{{0,30}}?\b(?:{_CONTACT})\b[^.\n]{{0,40}}?\b(?:{_USER})\b|"
        # a claim made in every reply
        rf"\b(?:{_CLAIM_VERB})\s+(?:dans|in|en|em|na|nella)\s+{_EACH_REPLY}[\s,]+(?:que|dass|che)\b",
        0.6,
        "data tells the reading model how to shape its response (in another language)",
    ),
)
