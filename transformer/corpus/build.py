"""Assemble the Debian and generated pairs: clean, filter misalignment, deduplicate, keep held-out text out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from . import clean, debian, topic
from .formats import split_sentences
from .generate import Generator
from .lexicon import build as build_lexicon

# groups whose non-sentence pairs (3+ words, e.g. "gathering fish") are kept as phrases
PHRASE_GROUPS = {"dialogue", "kids"}


def key(en: str) -> str:
    """What makes two English sides the same sentence: case, spaces and final punctuation ignored."""
    return re.sub(r"[\s.!?]+$", "", " ".join(en.lower().split()))


def ding_lexicon(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """English word -> German words, from the dictionary's one-word entries ("to read" counts as "read")."""
    lex: dict[str, set[str]] = {}
    for en, de in pairs:
        en = en.removeprefix("to ").lower()
        if " " in en or not en.isalpha():
            continue
        for word in de.split():
            if len(word) > 2 and word.isalpha():
                lex.setdefault(en, set()).add(word)
    return lex


def debian_pairs(
    sources: Iterable[debian.Source],
    cache: Path,
    raw: Path,
    lexicon: clean.LexiconCheck,
    held_out: set[str],
    log: Callable[[str], None] = print,
) -> tuple[list[tuple[str, str, bool, str]], dict[str, dict[str, int]]]:
    """(en, de, sentence, source) for every source, with counts after each step per source."""
    out, counts, seen = [], {}, set(held_out)
    for source in sources:
        c: Counter[str] = Counter()
        kept = []
        for raw_en, raw_de in debian.extract(source, cache, raw):
            c["raw"] += 1
            for en, de in split_sentences(raw_en.strip(), raw_de.strip()):
                pair = clean.clean_pair(en, de)
                if pair is None:
                    c["rejected by cleaning"] += 1
                    continue
                en, de = pair
                k = key(en)
                if k in seen:
                    c["duplicate or held out"] += 1
                    continue
                sentence = clean.is_sentence_like(en, de)
                if not sentence and (source.group not in PHRASE_GROUPS or len(en.split()) < 3):
                    c["not a sentence (labels and fragments)"] += 1
                    continue
                if lexicon.suspect(en, de):
                    c["misaligned by the lexicon check"] += 1
                    continue
                seen.add(k)
                kept.append((en, de, sentence, source.name))
        c["kept sentences"] = sum(p[2] for p in kept)
        c["kept phrases"] = len(kept) - c["kept sentences"]
        counts[source.name] = dict(c)
        kept_s, kept_p = c["kept sentences"], c["kept phrases"]
        log(f"{source.name:>18}: {c['raw']:>7,} raw -> {kept_s:>6,} sentences, {kept_p:>6,} phrases")
        out += kept
    return out, counts


def generated_pairs(ding_path: Path, n: int, held_out: set[str], seed: int = 0) -> list[tuple[str, str, bool, str]]:
    """n generated everyday sentences, none of them held out."""
    gen = Generator(build_lexicon(ding_path), seed=seed)
    return [(en, de, True, "generated") for en, de in gen.sample(n) if key(en) not in held_out]


def phrasebook_pairs(held_out: set[str]) -> list[tuple[str, str, bool, str]]:
    """Whole-sentence idioms, the app's own set sentences ("Attention is all you need.") and frequent words in
    their everyday sense and the set phrases in all their forms, each once and none held out: few, so the mix
    repeats them (group phrasebook)."""
    pairs = dict.fromkeys(topic.IDIOMS + topic.TOPIC_FIXED + topic.senses_sentences() + topic.set_phrases())
    return [(en, de, True, "phrasebook") for en, de in pairs if key(en) not in held_out]
