"""Provider credential formats, part four: keys people keep and hand over. Group 1 is the value.

Recovery keys, wallet keys, cluster join tokens and the passwords that Windows, FileZilla
and OpenWrt keep in their own shapes. Where a format carries its own check (BitLocker's
groups, Base58Check), the rule asks it, so digits and base58 runs that only look alike
are not reported.
"""

import hashlib

from mnemonic import Mnemonic

from agentguard.engines._rx import Rule
from agentguard.engines.secret_rules_base import BOUNDARY_END as _E
from agentguard.engines.secret_rules_base import BOUNDARY_START as _B
from agentguard.engines.secret_rules_base import composed, radix_value

__all__ = ["KEY_RULES", "base58check_ok", "bitlocker_ok", "seed_phrase"]

_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58 = r"[1-9A-HJ-NP-Za-km-z]"


def base58check_ok(value: str) -> bool:
    """Base58Check: the last four bytes are the first four of the payload's double SHA-256
    (Bitcoin's WIF keys and extended keys)."""
    number = radix_value(value, _BASE58)
    if number is None:
        return False
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    raw = b"\0" * (len(value) - len(value.lstrip("1"))) + raw
    if len(raw) < 5:
        return False
    payload, check = raw[:-4], raw[-4:]
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] == check


def bitlocker_ok(value: str) -> bool:
    """A BitLocker recovery password: eight groups of six digits, each a multiple of 11
    below 720896 (each group encodes 16 bits of the key, times 11)."""
    groups = value.split("-")
    return len(groups) == 8 and all(int(g) % 11 == 0 and int(g) < 720896 for g in groups)


_BIP39 = Mnemonic("english")  # the word list ships in the package: nothing downloads
_BIP39_WORDS = frozenset(_BIP39.wordlist)
_PHRASE_SIZES = (24, 21, 18, 15, 12)


def seed_phrase(value: str) -> bool:
    """Do 12, 15, 18, 21 or 24 words in a row of `value` all come from the BIP39 list (a
    wallet's recovery phrase; the words around it may be the sentence that names it)?
    The phrase's checksum is not required: one word copied wrong still opens the wallet
    to whoever tries the 2048 candidates. Few distinct words are a test vector
    (`test test … junk`, `abandon … about`), not a wallet."""
    letters = "".join(c if "a" <= c <= "z" else " " for c in value.lower())
    words = [word for word in letters.split() if len(word) > 2]
    for size in _PHRASE_SIZES:
        for at in range(len(words) - size + 1):
            run = words[at : at + size]
            if _BIP39_WORDS.issuperset(run) and len(set(run)) > size // 2:
                return True
    return False


KEY_RULES: tuple[Rule, ...] = (
    Rule(
        "BITLOCKER_RECOVERY_KEY",
        r"\b(\d{6}(?:-\d{6}){7})\b",
        0.95,
        "BitLocker recovery password (unlocks the drive)",
        verify=bitlocker_ok,
    ),
    Rule(
        "BITCOIN_EXTENDED_PRIVATE_KEY",
        rf"{_B}([xtyzuv]prv{_B58}{{107,108}}){_E}",
        0.95,
        "Bitcoin extended private key (every key of the wallet)",
        verify=base58check_ok,
    ),
    Rule(
        "BITCOIN_WIF_KEY",
        # Wallet Import Format: 5… (uncompressed), K… or L… (compressed); c… on testnet
        rf"{_B}(5[HJK]{_B58}{{49}}|[KLc]{_B58}{{51}}){_E}",
        0.9,
        "Bitcoin private key (WIF)",
        verify=base58check_ok,
    ),
    Rule(
        "SOLANA_KEYPAIR",
        # a keypair file is 64 bytes as a JSON array; its name or the CLI says which it is
        r"(?i:solana|keypair|id\.json)[^\n]{0,120}\n(?:[^\n]{0,120}\n)?[ \t]*"
        r"(\[[ \t]*(?:\d{1,3}[ \t]*,[ \t]*){63}\d{1,3}[ \t]*\])",
        0.9,
        "Solana keypair (its secret key)",
    ),
    Rule(
        "KUBERNETES_BOOTSTRAP_TOKEN",
        # `kubeadm join … --token abcdef.0123456789abcdef`, `token: …` in a join config
        r"(?:--token[ \t=]+|\btoken:[ \t]*[\"']?)([a-z0-9]{6}\.[a-z0-9]{16})\b",
        0.9,
        "Kubernetes bootstrap token (joins nodes to the cluster)",
    ),
    Rule(
        "CONFLUENT_USER_INFO",
        # Schema Registry's `basic.auth.user.info=<key>:<secret>`, and Kafka clients' own
        r"\b(?:basic\.auth\.user\.info|sasl\.username)[ \t]*[=:][ \t]*[\"']?[A-Z0-9]{16}:"
        r"([A-Za-z0-9+/]{64})\b",
        0.9,
        "Confluent Cloud API secret",
    ),
    Rule(
        "FILEZILLA_PASSWORD",
        # sitemanager.xml and recentservers.xml: base64, which is encoding, not encryption
        r"<Pass encoding=\"base64\">([A-Za-z0-9+/]{4,400}={0,2})</Pass>",
        0.9,
        "password saved by FileZilla",
    ),
    Rule(
        "NET_USE_PASSWORD",
        # `net use S: \\host\share /user:DOMAIN\user <password>` (`*` asks for it, and
        # `%PASS%` or `$pass` is a variable)
        r"(?i:\bnet[ \t]+use\b)[^\n]{0,160}?[ \t]/user:[^\s/]{1,100}[ \t]+"
        r"([^\s/*\"%$][^\s\"]{5,127})",
        0.9,
        "password given to net use",
    ),
    Rule(
        "OPENWRT_WIFI_KEY",
        # /etc/config/wireless: `option key '…'` under a wifi-iface with encryption
        r"(?m)^[ \t]*option[ \t]+(?:key|sae_password)[ \t]+'([^'\s]{8,63})'",
        0.85,
        "Wi-Fi key in an OpenWrt configuration",
    ),
    Rule(
        "TERRAFORM_RANDOM_PASSWORD",
        # state of a random_password (or random_string) resource: its attributes hold the
        # generated value in clear as `result`, after `length` and the character-class
        # switches (`special`, `min_upper`, …) in the same object; generated, it has upper
        # and lower case and digits (`composed`)
        r"\"length\":[ \t]*\d{1,3},[^{}]{0,400}?"
        r"\"(?:special|min_upper|min_special|override_special)\"[^{}]{0,400}?"
        r"\"result\":[ \t]*\"([^\"\\\s]{6,256})\"",
        0.9,
        "generated password in Terraform state",
        verify=composed,
    ),
    Rule(
        "WALLET_SEED_PHRASE",
        # a word that names the phrase (seed, mnemonic, recovery, wallet, in six languages),
        # then 12 to 24 words on its line or the next
        r"(?i:\bseed\b|mnemonic|recovery|wallet|\bbip-?39\b|\bphrase\b|\bfrase\b|palavras"
        r"|palabras|w(?:ö|oe)rter|woorden|\bparole\b|\bmots\b|herstel|wiederherstellung"
        r"|recupera(?:ç|c)(?:ã|a)o|recuperaci(?:ó|o)n|r(?:é|e)cup(?:é|e)ration|recupero)"
        r"[^\n]{0,120}?(?:\n[ \t>*-]*)?(?:\d{1,2}[.)][ \t]*)?"
        # words apart by spaces, commas or new lines, numbered or not (`1. abandon 2. …`)
        r"\b((?:[A-Za-z]{3,8}(?:[ \t]*[,\n][ \t]*|[ \t]+)(?:\d{1,2}[.)][ \t]*)?){11,31}"
        r"[A-Za-z]{3,8})\b",
        0.9,
        "wallet recovery phrase (BIP39 words)",
        verify=seed_phrase,
    ),
)
