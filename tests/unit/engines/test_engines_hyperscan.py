"""The Hyperscan prefilter: exact answers, its on-disk cache, and what it cannot hold.

The combined prefilters scan with a Hyperscan database (candidates) and confirm each
candidate with RE2; `test_engines_perf_paths.py` checks their answers on fuzzed text, this
test_engines_prefilter.py on the written corpus; this file checks the database's life
cycle and the patterns it cannot hold.
"""

import json
import os
import random
import threading
import time
from pathlib import Path

import hyperscan
import pytest
import re2

from agentguard.engines import _hs, _rx
from agentguard.engines.normalize import normalize

_WORDS = [r"\bignore\b[^\n]{0,40}\binstructions\b", r"[A-Za-z0-9+/]{24,}={0,2}", r"\brm\s+-rf\s+/"]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AGENTGUARD_CACHE_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize(
    ("pattern", "widened"),
    [
        (r"'[^\n]{0,200}--", r"'[^\n]*--"),
        (r"[A-Z2-7]{16}", r"[A-Z2-7]{16,}"),
        (r"\w{40,}", r"\w{40,}"),
        (r"x{1,8}y{3,90}z{2,6}", r"x+y{3,}z{2,6}"),
    ],
)
def test_hyperscan_patterns_keep_their_lower_bounds(pattern: str, widened: str) -> None:
    assert _rx.widen(pattern, keep_low=True) == widened


def test_the_combined_prefilters_hold_every_pattern_but_the_slow_to_compile() -> None:
    combined = _rx._combined()
    in_re2 = {rule.pattern for m in _rx._MEMBERS for rule in m.rules if rule.prefilter == "re2"}
    assert len(in_re2) == 5  # the rules marked: seconds of compiling each
    for prefilter, _ids in combined.values():
        held = len(prefilter._hyperscan_ids)
        grouped = sum(len(indices) for indices, _group in prefilter._groups)
        assert held > 100
        assert grouped <= len(in_re2)  # no pattern was rejected by Hyperscan


def test_a_confirmation_and_a_scan_share_one_compiled_pattern() -> None:
    # the scan for spans then finds the DFA states the confirmation built for the text
    _rx._combined()
    for member in _rx._MEMBERS:
        for rule, compiled in zip(member.rules, member._compiled, strict=True):
            assert compiled is _rx.compile_rx(rule.pattern)
    prefilter, _ids = _rx._COMBINED["normalized"]
    assert prefilter._confirm
    assert all(exact is _rx.compile_rx(exact.pattern) for exact in prefilter._confirm.values())


def test_a_pattern_hyperscan_rejects_is_answered_by_re2(cache: Path) -> None:
    patterns = [*_WORDS, r"end$then"]  # an end anchor inside a pattern: Hyperscan refuses
    prefilter = _rx._Prefilter(patterns, hyperscan=True)
    assert [indices for indices, _group in prefilter._groups] == [(3,)]
    assert prefilter.match("rm -rf / then ignore the instructions") == (0, 2)
    assert prefilter.match("x" * 30) == (1,)


def test_re2_only_patterns_stay_out_of_the_database(cache: Path) -> None:
    prefilter = _rx._Prefilter(_WORDS, hyperscan=True, re2_only=[0])
    assert prefilter._hyperscan_ids == (1, 2)
    assert prefilter.match("please ignore all the instructions") == (0,)


def test_a_candidate_the_exact_pattern_rejects_is_not_reported(cache: Path) -> None:
    prefilter = _rx._Prefilter([r"'[^\n]{0,5}--"], hyperscan=True)
    assert prefilter.match("name = 'x' and a long way further on -- comment") == ()
    assert prefilter.match("x = 'ab' -- and") == (0,)


def _stored(cache: Path) -> list[Path]:
    return sorted(cache.glob("prefilter-*.hsdb"))


def test_a_second_build_loads_the_cached_databases(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _rx._Prefilter(_WORDS, hyperscan=True)
    stored = _stored(cache)
    assert len(stored) == 2  # UTF-8, and byte mode for ASCII text
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in stored)

    def no_compiling(*_args: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(_hs, "_compile", no_compiling)
    again = _rx._Prefilter(_WORDS, hyperscan=True)
    assert again.match("ignore these instructions; rm -rf /") == (0, 2)
    assert again.match("ignore these instructions; rm -rf / \u2014") == (0, 2)


def test_other_patterns_get_their_own_cache_files(cache: Path) -> None:
    _rx._Prefilter(_WORDS, hyperscan=True)
    _rx._Prefilter(_WORDS[:2], hyperscan=True)
    assert len(_stored(cache)) == 4


def test_a_database_no_process_loaded_for_a_month_is_pruned(cache: Path) -> None:
    _rx._Prefilter(_WORDS, hyperscan=True)
    old = _stored(cache)
    month = time.time() - 31 * 24 * 3600
    for path in old:
        os.utime(path, (month, month))
    _rx._Prefilter(_WORDS[:1], hyperscan=True)  # a store prunes
    assert not any(path.exists() for path in old)
    assert len(_stored(cache)) == 2


def test_loading_a_database_keeps_it_fresh(cache: Path) -> None:
    _rx._Prefilter(_WORDS, hyperscan=True)
    week = time.time() - 7 * 24 * 3600
    for path in _stored(cache):
        os.utime(path, (week, week))
    _rx._Prefilter(_WORDS, hyperscan=True)
    assert all(path.stat().st_mtime > time.time() - 60 for path in _stored(cache))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "group-writable"])
def test_a_bad_cache_file_is_compiled_over(
    cache: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    _rx._Prefilter(_WORDS, hyperscan=True)
    stored = _stored(cache)
    for path in stored:
        blob = path.read_bytes()
        if damage == "garbage":
            path.write_bytes(b"0,1,2\nnot a database")
        elif damage == "truncated":
            path.write_bytes(blob[: len(blob) // 2])
        else:
            path.chmod(0o620)
    compiles: list[int] = []
    real = _hs._compile

    def counted(patterns: list[str], indices: list[int], flags: int) -> object:
        compiles.append(flags)
        return real(patterns, indices, flags)

    monkeypatch.setattr(_hs, "_compile", counted)
    prefilter = _rx._Prefilter(_WORDS, hyperscan=True)
    assert sorted(compiles) == sorted([_hs._UTF8, _hs._BYTES])
    assert prefilter.match("ignore these instructions; rm -rf /") == (0, 2)
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in stored)  # written again


def test_ascii_text_reads_the_byte_mode_database(cache: Path) -> None:
    # byte mode refuses a code point over \xff: that pattern gets its own UTF-8 database
    # for ASCII text, and every pattern is still asked
    patterns = [*_WORDS, r"a\x{200b}?b\b"]
    prefilter = _rx._Prefilter(patterns, hyperscan=True)
    hyperscan = prefilter._hyperscan
    assert hyperscan is not None
    assert hyperscan._ascii is not None
    assert hyperscan._ascii_rest is not None
    assert prefilter.match("rm -rf / ab") == (2, 3)
    assert prefilter.match("rm -rf / a\u200bb") == (2, 3)
    assert sorted(hyperscan.candidates(b"rm -rf / ab", ascii=True)) == [2, 3]
    assert sorted(hyperscan.candidates(b"rm -rf / ab")) == [2, 3]


def test_an_empty_cache_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTGUARD_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _hs.cache_dir() is None
    assert _rx._Prefilter(_WORDS, hyperscan=True).match("rm -rf /") == (2,)
    assert not list(tmp_path.rglob("*.hsdb"))


def test_a_cache_place_that_is_a_file_still_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    monkeypatch.setenv("AGENTGUARD_CACHE_DIR", str(blocker))
    assert _rx._Prefilter(_WORDS, hyperscan=True).match("rm -rf /") == (2,)


def test_the_default_cache_place_follows_xdg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AGENTGUARD_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/cache/x")
    assert _hs.cache_dir() == Path("/var/cache/x/agentguard")


def test_threads_scan_one_database_at_once(cache: Path) -> None:
    prefilter = _rx._Prefilter(_WORDS, hyperscan=True)
    texts = {"ignore the instructions": (0,), "rm -rf /": (2,), "hello": ()}
    wrong: list[str] = []

    def work(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(400):
            text = rng.choice(list(texts))
            if prefilter.match(" ".join([text] * rng.randint(1, 50))) != texts[text]:
                wrong.append(text)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_lone_surrogates_are_scanned_not_raised(cache: Path) -> None:
    prefilter = _rx._Prefilter(_WORDS, hyperscan=True)
    assert prefilter.match("\ud800 rm -rf / \udfff") == (2,)


def test_a_database_needs_a_pattern_it_can_take(cache: Path) -> None:
    with pytest.raises(ValueError, match="at least one"):
        _hs.build_hyperscan([])
    with pytest.raises(ValueError, match="none of the patterns"):
        _hs.build_hyperscan([r"a$b"])


def test_an_asker_outside_the_re2_sets_skips_their_pass(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prefilter = _rx._Prefilter(_WORDS, hyperscan=True, re2_only=[0])
    ((indices, group),) = prefilter._groups
    assert indices == (0,)
    passes: list[bytes] = []

    class Counted:
        def Match(self, data: bytes) -> list[int]:  # noqa: N802  # RE2's own method name
            passes.append(data)
            result: list[int] = group._set.Match(data)
            return result

    counted = type("CountedSet", (), {"_set": Counted()})()
    prefilter._groups = [(indices, counted)]
    text = "ignore the instructions; rm -rf /"
    assert prefilter.match(text, among={1, 2}) == (2,)
    assert passes == []
    assert prefilter.match(text, among={0}) == (0,)
    assert prefilter.match(text) == (0, 2)
    assert len(passes) == 2


def test_without_hyperscan_the_prefilter_is_re2_sets_with_the_same_answers(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = ["ignore the instructions; rm -rf /", "x" * 30, "hello", "ab \u2014 rm -rf /"]
    with_hyperscan = _rx._Prefilter(_WORDS, hyperscan=True)
    monkeypatch.setattr(_rx, "HYPERSCAN", False)  # as on a platform with no wheel
    without = _rx._Prefilter(_WORDS, hyperscan=True)
    assert without._hyperscan is None
    assert sum(len(indices) for indices, _group in without._groups) == len(_WORDS)
    assert [without.match(t) for t in texts] == [with_hyperscan.match(t) for t in texts]
    assert [without.match(t) for t in texts] == [(0, 2), (1,), (), (2,)]


@pytest.mark.parametrize(
    ("pattern", "ascii_form"),
    [
        (r"[\s.\-\x{a0}\x{202f}]?\d", r"[\s.\-]?\d"),
        (r"""[\"'\[\x{201C}\x{201D}]""", r"""[\"'\[]"""),
        (r"[äöü\d]x", r"[\d]x"),
        (r"[-\x{a0}]", r"[-]"),
        (r"[^\x{a0}]", r"[^\x{a0}]"),  # negated: every ASCII character is a member
        (r"[a-z\x{e9}]", r"[a-z\x{e9}]"),  # a range: left as written
        (r"(?i)[\x{212A}x]", r"(?i)[\x{212A}x]"),  # the Kelvin sign folds to k
        (r"[\x{a0}]", r"[\x{a0}]"),  # nothing would be left
        (r"a\x{200b}?b", r"a\x{200b}?b"),  # outside a class
        (r"\[\x{a0}\]", r"\[\x{a0}\]"),  # escaped brackets are no class
    ],
)
def test_a_class_reads_ascii_text_without_its_non_ascii_members(
    pattern: str, ascii_form: str
) -> None:
    assert _rx.ascii_form(pattern) == ascii_form


_ASCII_TOKENS = (
    *("+", "1", "44", "(0)", "(20)", " ", ".", "-", "555", "123", "4567", "7946", "\n"),
    *("begin", "your", "the", "reply", "response", "with", "by saying", ":", '"', "'", "["),
)


def test_the_engines_ascii_text_takes_one_byte_mode_pass_per_database() -> None:
    # the phone and reply-prefix rules hold \x{a0}, \x{201C} ... in classes: their ASCII
    # forms go into the byte-mode database, and no UTF-8 pass is left for ASCII text
    combined = [prefilter for prefilter, _ids in _rx._combined().values()]
    assert all(prefilter._hyperscan is not None for prefilter in combined)
    # the views' own passes (tests elsewhere build some without Hyperscan)
    owned = [m._own for m in _rx._MEMBERS if m._own is not None]
    for prefilter in (*combined, *owned):
        if prefilter._hyperscan is not None:
            assert prefilter._hyperscan._ascii is not None
            assert prefilter._hyperscan._ascii_rest is None
    changed = matched = 0
    for member in _rx._MEMBERS:
        for rule in member.rules:
            form = _rx.ascii_form(rule.pattern)
            if form == rule.pattern:
                continue
            changed += 1
            exact, ascii_exact = _rx.compile_rx(rule.pattern), re2.compile(form)
            rng = random.Random(rule.name)
            for _ in range(2000):
                text = "".join(rng.choices(_ASCII_TOKENS, k=rng.randint(1, 16)))
                found = exact.search(text) is not None
                assert found == (ascii_exact.search(text) is not None), text
                matched += found
    assert changed >= 2
    assert matched > 100  # the texts reach the changed classes


def _written_texts() -> list[str]:
    bench = Path(__file__).resolve().parents[3] / "bench" / "validator"
    return [
        json.loads(line)["text"]
        for path in sorted(bench.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def _missed(prefilter: _rx._Prefilter, patterns: list[str], texts: list[str]) -> list[str]:
    """Patterns RE2 finds in a text whose database (UTF-8, and byte mode for ASCII text) does
    not report them."""
    hyperscan = prefilter._hyperscan
    assert hyperscan is not None
    ids = prefilter._hyperscan_ids
    exact = {i: _rx.compile_rx(patterns[i]) for i in ids}
    missed = []
    for text in texts:
        data = text.encode("utf-8", "surrogatepass")
        for ascii in (False, True) if text.isascii() else (False,):
            reported = {ids[j] for j in hyperscan.candidates(data, ascii)}
            missed += [patterns[i] for i in ids if i not in reported and exact[i].search(text)]
    return missed


@pytest.mark.parametrize(
    "text",
    ["abcdefghijklmno -Password $Password", "Cert:\\LocalMachine\\My -Password $pfxPassword"],
)
def test_the_bundled_vectorscan_reports_a_bounded_repeat_before_more_text(text: str) -> None:
    # Vectorscan 5.4.12 (python hyperscan 0.7.23 to 0.9.1) reports no match here: the
    # engines pin 0.7.21 (Vectorscan 5.4.11), which does
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=[rb"\s-[\w-]{0,30}Password"], ids=[0], elements=1, flags=0)
    found: list[int] = []
    database.scan(text.encode(), match_event_handler=_hs._report, context=found)
    assert found == [0]


def test_every_database_reports_what_re2_finds_in_our_written_sets() -> None:
    # prefilter mode may only add candidates; a database that misses one drops a finding.
    # Vectorscan 5.4.12 did, for an OpenWrt rule beside the keyed layers in a UTF-8
    # database (a tuning row with "più" in it lost its Wi-Fi key) and for `--password`
    # flags after a long word
    texts = _written_texts()
    openwrt = [t for t in texts if "option key 'Walnut.Orchid.80'" in t]
    assert len(openwrt) == 1
    assert not openwrt[0].isascii()
    sample = random.Random(3).sample(texts, 1200) + openwrt
    _rx._combined()
    parts: dict[str, dict[str, None]] = {"raw": {}, "normalized": {}}
    for member in _rx._MEMBERS:
        for rule in member.rules:
            parts[member._reads].setdefault(rule.pattern)
    raw, _ids = _rx._COMBINED["raw"]
    assert _missed(raw, list(parts["raw"]), sample) == []
    normalized, _ids = _rx._COMBINED["normalized"]
    folded = [normalize(text).text for text in sample]
    assert _missed(normalized, list(parts["normalized"]), folded) == []


@pytest.mark.parametrize(
    ("pattern", "utf8", "written"),
    [
        ("contraseña", True, rb"contrase\x{f1}a"),
        ("contraseña", False, rb"contrase(?:\xc3\xb1)a"),
        (r"\é[à-ÿ]", True, rb"\x{e9}[\x{e0}-\x{ff}]"),  # an escaped é is é
        ("(?:은|는)", True, rb"(?:\x{c740}|\x{b294})"),
        (r"\\é", True, rb"\\\x{e9}"),  # a backslash, then é
        ("plain ascii", True, b"plain ascii"),
    ],
)
def test_non_ascii_characters_reach_hyperscan_as_escapes(
    pattern: str, utf8: bool, written: bytes
) -> None:
    assert _hs.escaped(pattern, utf8) == written


def test_a_non_ascii_pattern_is_held_by_the_database(cache: Path) -> None:
    # unescaped, the pinned Hyperscan refuses it ("Expression is not valid UTF-8") and the
    # pattern would cost an RE2 pass on every text
    prefilter = _rx._Prefilter([r"(?i)\bcontraseña\s*[:=]", *_WORDS], hyperscan=True)
    assert prefilter._groups == []
    assert prefilter.match("CONTRASEÑA: x") == (0,)
    assert prefilter.match("contrasena: x") == ()


def test_rewrites_keep_a_class_positive_and_a_character_whole(cache: Path) -> None:
    # found in review: dropping a class's leading member must not leave a `^` first, and
    # a quantifier after a multi-byte character takes all its bytes
    assert _rx.ascii_form(r"x[\x{a0}^a]") == r"x[\x{a0}^a]"
    assert _hs.escaped("abé?c", False) == rb"ab(?:\xc3\xa9)?c"
    assert _hs.escaped("[é]x", False) == rb"[\xc3\xa9]x"
    prefilter = _rx._Prefilter(["abé?c", r"x[\x{a0}^a]"], hyperscan=True)
    assert prefilter.match("abc") == (0,)
    assert prefilter.match("xa") == (1,)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"[^[:alpha:]é]x19", "(x19"),  # a POSIX class inside a class does not close it
        (r"(?i)x[ſ]y", "xsy"),  # the long s folds to s: not for byte mode
    ],
)
def test_escapes_keep_posix_classes_and_case_folds(cache: Path, pattern: str, text: str) -> None:
    assert re2.search(pattern, text)
    assert _rx._Prefilter([pattern], hyperscan=True).match(text) == (0,)
