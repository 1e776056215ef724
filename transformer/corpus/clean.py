"""Turn raw catalog and manual strings into clean pairs: strip markup, reject placeholders, misalignment."""

from __future__ import annotations

import html
import re

_MARKUP = re.compile(r"<[^>]{0,200}>|\[/?[a-z]+[^\]]{0,40}\]")
_ACCEL = re.compile(r"(?<![\w&])[_&](?=\w)|~(?=\w)")
# printf/python/Qt/Fluent/Wesnoth placeholders, escapes and paths: the pair teaches nothing a user types
_PLACEHOLDER = re.compile(
    r"%[-+ #0-9.]*[a-zA-Z]|%\(|\{[^}]*\}|\$[A-Za-z_]|\\[ntr]|https?:|www\.|@[a-z]|/usr/|::|==|&&|\|\|"
    r"|\b\w+\.(?:txt|png|jpg|html|xml|py|sh|conf|cfg|ini|exe|zip|gz|deb|pdf|odt|ods|doc|lua|svg|cpp|h)\b"
)
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?][\"'»«“”]?$")
_EN_FUNCTION = {"the", "and", "of", "to", "is", "you", "are", "with", "this", "that", "for", "it", "not", "be"}
_DE_FUNCTION = {"der", "die", "das", "und", "ist", "sie", "nicht", "ein", "eine", "mit", "zu", "es", "ich", "du"}
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß']+")

MAX_WORDS = 40


def normalise(text: str) -> str:
    """Unescape entities, drop markup and menu accelerators, straighten spaces and ellipses."""
    text = html.unescape(text)
    text = _MARKUP.sub(" ", text)
    text = _ACCEL.sub("", text)
    text = text.replace("\u00a0", " ").replace("…", "...").replace("\u200b", "")
    text = _SPACE.sub(" ", text).strip()
    return re.sub(r"\s+([.,!?;:])", r"\1", text)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def looks_german(de: str) -> bool:
    """Reject a 'translation' that was left in English (more English than German function words)."""
    ws = words(de)
    return sum(w in _EN_FUNCTION for w in ws) <= sum(w in _DE_FUNCTION for w in ws)


def is_sentence_like(en: str, de: str) -> bool:
    """Distinct sentence: capitalised, 3-25 words, ends in . ! or ? on both sides."""
    n = len(en.split())
    return (
        3 <= n <= 25
        and en[:1].isupper()
        and de[:1].isupper()
        and bool(_SENTENCE_END.search(en))
        and bool(_SENTENCE_END.search(de))
    )


def clean_pair(en: str, de: str) -> tuple[str, str] | None:
    """A usable (English, German) pair, or None: markup stripped, placeholders and odd lengths rejected."""
    if "\n" in en.strip() or "\n" in de.strip():
        en, de = en.replace("\n", " "), de.replace("\n", " ")
    if _PLACEHOLDER.search(en) or _PLACEHOLDER.search(de):
        return None
    en, de = normalise(en), normalise(de)
    if not en or not de or en == de or not re.search("[A-Za-z]{2}", en) or not re.search("[A-Za-zÄÖÜäöüß]{2}", de):
        return None
    ne, nd = len(en.split()), len(de.split())
    if ne > MAX_WORDS or nd > MAX_WORDS * 1.5:
        return None
    ratio = len(de) / len(en)
    if not 0.5 <= ratio <= 2.5 and max(len(en), len(de)) > 12:
        return None
    if ne >= 4 and not looks_german(de):
        return None
    return en, de


class LexiconCheck:
    """Flags pairs whose German side contains a translation of too few of the English content words.

    The lexicon maps an English word to the German words the dictionary gives for it; a German word
    counts as present when one of its first-five-letter stems occurs in the German sentence.
    """

    def __init__(self, lexicon: dict[str, set[str]], min_covered: int = 3, min_share: float = 0.2):
        self.stems = {en: {d.lower()[:5] for d in des if len(d) >= 3} for en, des in lexicon.items()}
        self.min_covered, self.min_share = min_covered, min_share

    def share(self, en: str, de: str) -> float | None:
        de_words = words(de)
        de_stems = {w[:5] for w in de_words} | {w[i : i + 5] for w in de_words if len(w) > 8 for i in range(len(w) - 4)}
        covered = [w for w in set(words(en)) if len(w) > 3 and w in self.stems]
        if len(covered) < self.min_covered:
            return None
        return sum(bool(self.stems[w] & de_stems) for w in covered) / len(covered)

    def suspect(self, en: str, de: str) -> bool:
        s = self.share(en, de)
        return s is not None and s < self.min_share
