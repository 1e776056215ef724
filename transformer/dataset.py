"""Corpus -> clean pairs -> deterministic split -> weighted mix -> token batches (the library;
`python -m transformer.data` is the command line over it).

`python -m transformer.data` reads the Ding German-English dictionary (Debian package
`trans-de-en`, Frank Richter, GPL-2+) and splits its example sentences into train/valid/test;
then fetches the Debian packages of `transformer.corpus.debian` (`apt-get download`, unpacking
only the needed members), cleans, aligns and deduplicates them, and adds generated everyday
sentences (`transformer.corpus.generate`). It prints counts after every step and writes
`data/{train,valid,test}.tsv` (English<TAB>German<TAB>sentence<TAB>source) and `data/counts.json`.
No English sentence of the test, validation or everyday sets is in the training split.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import torch

from .corpus.debian import SOURCES

_SOURCE_GROUP = {s.name: s.group for s in SOURCES}
DING_PATH = Path("/usr/share/trans/de-en")
DATA_DIR = Path("data")
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
EVERYDAY = BENCHMARKS / "everyday.tsv"  # the everyday report set: never trained on, never used to choose
EVERYDAY_DEV = BENCHMARKS / "everyday_dev.tsv"  # for choosing weights; never for reporting
N_TEST, N_VALID = 1000, 500

_GENDER_ARTICLE = {"{m}": "der", "{f}": "die", "{n}": "das", "{pl}": "die"}
_TAG = re.compile(r"\{[^}]*\}|\[[^\]]*\]|<[^>]*>|/[A-Z][A-Za-z0-9.&-]*/")
_PAREN = re.compile(r"\([^()]*\)")
_SLASH_ALT = re.compile(r"(\w+)\s?/\s?\w+")
_SPACE = re.compile(r"\s+")
_PLACEHOLDER = re.compile(r"\b(sth|sb|etw|jdn|jdm|jds|jd)\b\.?")
_SENTENCE_END = re.compile(r"[.!?]$")
# what is left of an entry like "to be insusceptible to sth." after its tags are gone
_FUNCTION_WORDS = {"to", "the", "a", "an", "on", "in", "of", "at", "be", "for", "with", "by", "it", "is"}


@dataclass(frozen=True)
class Pair:
    """One aligned example: English source, German target, and whether it is a full sentence."""

    en: str
    de: str
    sentence: bool
    source: str = "ding"


def clean(text: str) -> str:
    """Strip Ding's tags ({f}, [Br.], <purer>, /GFK/), parentheticals and `a/b` alternatives."""
    text = _TAG.sub(" ", text)
    prev = None
    while prev != text:  # nested parentheses
        prev, text = text, _PAREN.sub(" ", text)
    text = text.replace("(", " ").replace(")", " ")
    text = _SLASH_ALT.sub(r"\1", text)
    text = text.replace("…", "...")
    text = _SPACE.sub(" ", text).strip(" ;,")
    return re.sub(r"\s+([.,!?;:])", r"\1", text)


def is_sentence(text: str) -> bool:
    """A full example sentence: capitalised, at least three words, ends in . ! or ?"""
    return bool(text) and text[0].isupper() and len(text.split()) >= 3 and bool(_SENTENCE_END.search(text))


def _with_article(raw_de: str, de: str, en: str) -> list[tuple[str, str]]:
    """A single German noun with its gender tag also yields `the cat` -> `die Katze`."""
    for tag, article in _GENDER_ARTICLE.items():
        if raw_de.strip().endswith(tag) and " " not in de and de[:1].isupper() and en and " " not in en:
            return [(f"the {en}", f"{article} {de}")]
    return []


def _alternatives(side: str) -> list[str]:
    return [a for a in (s.strip() for s in side.split(";")) if a]


def parse_line(line: str) -> Iterator[Pair]:
    """Yield every usable pair from one `German :: English` dictionary line."""
    if line.startswith("#") or " :: " not in line:
        return
    de_side, en_side = line.rstrip("\n").split(" :: ", 1)
    de_senses, en_senses = de_side.split(" | "), en_side.split(" | ")
    if len(de_senses) != len(en_senses):
        return
    for de_sense, en_sense in zip(de_senses, en_senses):
        raw_de, raw_en = _alternatives(de_sense), _alternatives(en_sense)
        if not raw_de or not raw_en:
            continue
        de_alts, en_alts = [clean(a) for a in raw_de], [clean(a) for a in raw_en]
        sentence = is_sentence(de_alts[0]) and is_sentence(en_alts[0])
        if len(de_alts) == len(en_alts):
            combos = list(zip(range(len(de_alts)), range(len(en_alts))))
        elif sentence or len(de_alts) * len(en_alts) > 4:
            combos = [(0, 0)]
        else:
            combos = [(i, j) for i in range(len(de_alts)) for j in range(len(en_alts))]
        for i, j in combos:
            de, en = de_alts[i], en_alts[j]
            if not de or not en:
                continue
            yield Pair(en, de, sentence and is_sentence(de) and is_sentence(en))
            if not sentence:
                for en2, de2 in _with_article(raw_de[i], de, en):
                    yield Pair(en2, de2, False)


def _split_bucket(en: str) -> int:
    """A stable number in [0, 10000) from the English side, so the split never depends on order."""
    return int(hashlib.sha1(en.lower().encode()).hexdigest()[:8], 16) % 10000


def everyday_score(text: str) -> float:
    """Lowest Zipf frequency of the English words: high means every word is common."""
    from wordfreq import zipf_frequency

    words = re.findall(r"[a-zA-Z']+", text.lower())
    return min((zipf_frequency(w, "en") for w in words), default=0.0)


def prepare(
    ding_path: Path = DING_PATH, n_phrases: int = 120_000, n_test: int = N_TEST, n_valid: int = N_VALID, log=print
) -> dict:
    """Parse, clean, deduplicate and split the dictionary; return counts after every step."""
    counts: dict[str, int] = {}
    lines = ding_path.read_text(encoding="utf-8").splitlines()
    counts["dictionary lines"] = sum(1 for ln in lines if not ln.startswith("#"))
    pairs = [p for ln in lines for p in parse_line(ln)]
    counts["pairs after splitting senses and alternatives"] = len(pairs)
    pairs = [p for p in pairs if not _PLACEHOLDER.search(p.en) and not _PLACEHOLDER.search(p.de)]
    counts["without sth./sb./etw./jdm. placeholders"] = len(pairs)
    pairs = [p for p in pairs if len(p.en) <= 200 and len(p.de) <= 200 and "=" not in p.en + p.de]
    counts["at most 200 characters"] = len(pairs)
    pairs = [p for p in pairs if not set(p.en.lower().split()) <= _FUNCTION_WORDS and re.search("[a-zA-Z]", p.en)]
    counts["English side not only function words or digits"] = len(pairs)
    pairs = list(dict.fromkeys(pairs))
    counts["after deduplication"] = len(pairs)
    sentences = [p for p in pairs if p.sentence]
    phrases = [p for p in pairs if not p.sentence]
    counts["sentence pairs"], counts["word and phrase pairs"] = len(sentences), len(phrases)

    by_en: dict[str, list[Pair]] = {}
    for p in sentences:
        by_en.setdefault(p.en.lower(), []).append(p)
    held_keys = sorted(by_en, key=lambda k: (_split_bucket(k), k))
    test, valid, used = [], [], set()
    for key in held_keys:
        if len(test) < n_test:
            test.append(by_en[key][0])
        elif len(valid) < n_valid:
            valid.append(by_en[key][0])
        else:
            break
        used.add(key)
    train_sent = [p for p in sentences if p.en.lower() not in used]
    phrases = [p for p in phrases if p.en.lower() not in used]
    counts["test sentences"], counts["valid sentences"] = len(test), len(valid)
    counts["train sentences"] = len(train_sent)

    scored = sorted(phrases, key=lambda p: (-everyday_score(p.en), len(p.en), p.en))
    train_phr = scored[:n_phrases]
    counts["train phrases (most everyday English words first)"] = len(train_phr)
    for k, v in counts.items():
        log(f"{v:>9,}  {k}")
    return {"counts": counts, "train_sentences": train_sent, "train_phrases": train_phr, "valid": valid, "test": test}


def write_tsv(path: Path, pairs: Iterable[Pair]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for p in pairs:
            f.write(f"{p.en}\t{p.de}\t{int(p.sentence)}\t{p.source}\n")


def read_tsv(path: Path) -> list[Pair]:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        en, de, sent, *source = line.split("\t")
        out.append(Pair(en, de, sent == "1", *source))
    return out


def group(p: Pair) -> str:
    """The sampling group of a pair: ding_sentences, ding_phrases, generated, or its Debian source's group."""
    if p.source == "ding":
        return "ding_sentences" if p.sentence else "ding_phrases"
    if p.source in ("generated", "phrasebook"):
        return p.source
    return _SOURCE_GROUP.get(p.source, "other")


# examples per pair and epoch; a fraction is a per-epoch sampling probability
DEFAULT_MIX = {
    "ding_sentences": 2.0,
    "ding_phrases": 0.5,
    "generated": 0.5,
    "phrasebook": 8.0,
    "dialogue": 1.0,
    "kids": 2.0,
    "help": 0.3,
    "descriptions": 0.3,
}


def parse_mix(text: str) -> dict[str, float]:
    """ "generated=0.5,help=0" on top of DEFAULT_MIX."""
    mix = dict(DEFAULT_MIX)
    for item in filter(None, text.split(",")):
        name, _, value = item.partition("=")
        if name not in mix:
            raise ValueError(f"unknown mix group {name!r}; known: {', '.join(mix)}")
        mix[name] = float(value)
    return mix


def epoch_indices(groups: list[str], mix: dict[str, float], rng: random.Random) -> list[int]:
    """Indices of one epoch: each example floor(w) times, plus once more with probability frac(w)."""
    out = []
    for i, g in enumerate(groups):
        w = mix.get(g, 0.0)
        out += [i] * (int(w) + (rng.random() < w - int(w)))
    return out


# ---- batching ---------------------------------------------------------------------------


def token_batches(
    examples: list[tuple[list[int], list[int]]], max_tokens: int, shuffle: bool, seed: int = 0
) -> list[list[int]]:
    """Group example indices into batches of about `max_tokens` (src+tgt) of similar length."""
    rng = random.Random(seed)
    order = list(range(len(examples)))
    if shuffle:
        rng.shuffle(order)
    # sort inside large pools so that padding stays small but batches still vary
    pool = 100 * max(1, max_tokens // 20)
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: (len(examples[i][0]), len(examples[i][1])))
        batch: list[int] = []
        longest = 0
        for i in chunk:
            n = len(examples[i][0]) + len(examples[i][1])
            if batch and max(longest, n) * (len(batch) + 1) > max_tokens:
                batches.append(batch)
                batch, longest = [], 0
            batch.append(i)
            longest = max(longest, n)
        if batch:
            batches.append(batch)
    if shuffle:
        rng.shuffle(batches)
    return batches


def collate(
    examples: list[tuple[list[int], list[int]]], idx: list[int], pad_id: int, bos_id: int, eos_id: int
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Pad one batch: src (B, S), tgt_in = [bos]+y (B, T), tgt_out = y+[eos] (B, T)."""
    srcs = [examples[i][0] for i in idx]
    tgts = [examples[i][1] for i in idx]
    S, T = max(map(len, srcs)), max(map(len, tgts)) + 1
    src = torch.full((len(idx), S), pad_id, dtype=torch.long)
    tgt_in = torch.full((len(idx), T), pad_id, dtype=torch.long)
    tgt_out = torch.full((len(idx), T), pad_id, dtype=torch.long)
    for b, (s, t) in enumerate(zip(srcs, tgts)):
        src[b, : len(s)] = torch.tensor(s)
        tgt_in[b, : len(t) + 1] = torch.tensor([bos_id] + t)
        tgt_out[b, : len(t) + 1] = torch.tensor(t + [eos_id])
    return src, tgt_in, tgt_out


def tokenizer_sample(train: list[Pair], prefix: Path, vocab_size: int, per_group: int = 40_000, seed: int = 0):
    """Train the joint sentencepiece model on at most `per_group` pairs of every group, so that no
    source (the technical manuals, say) decides the vocabulary alone; fresh runs load it with --tokenizer."""
    from .tokenizer import train as train_tokenizer

    rng = random.Random(seed)
    by_group: dict[str, list[Pair]] = {}
    for p in train:
        by_group.setdefault(group(p), []).append(p)
    sample = [p for ps in by_group.values() for p in rng.sample(ps, min(per_group, len(ps)))]
    print(f"tokenizer: {vocab_size} pieces from {len(sample):,} pairs ({per_group:,} at most per group)")
    return train_tokenizer([p.en for p in sample] + [p.de for p in sample], prefix, vocab_size)


def read_pairs(path: Path) -> tuple[list[str], list[str]]:
    """English and German columns of a TSV (extra columns ignored, # lines skipped)."""
    rows = [
        ln.split("\t") for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    return [r[0] for r in rows], [r[1] for r in rows]


def read_classes(path: Path) -> list[str]:
    """A sentence's class in a dev set (English, German, class: three columns), "" where there is none; the
    corpus's own TSVs (English, German, sentence flag, source) have no class."""
    rows = [
        ln.split("\t") for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    return [r[2].strip() if len(r) == 3 else "" for r in rows]


def everyday_english(paths=(EVERYDAY, EVERYDAY_DEV)) -> list[str]:
    """The English sentences of the everyday sets, which must never be trained on."""
    return [en for path in paths if path.exists() for en in read_pairs(path)[0]]
