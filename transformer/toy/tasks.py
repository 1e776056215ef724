"""Toy tasks whose examples are generated, never downloaded, and the small word-level vocabulary
each one needs (with the same interface as the sentencepiece `Tokenizer`, so `trace()` works)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from ..text import Text, msg

SYMBOLS = tuple("abcdefghij")  # copy / reverse / sort work on letters, so sorting reads naturally
SPECIALS = ("<pad>", "<unk>", "<s>", "</s>")

ONES_EN = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
ONES_EN = (ONES_EN + "seventeen eighteen nineteen").split()
TENS_EN = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
ONES_DE = "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn "
ONES_DE = (ONES_DE + "sechzehn siebzehn achtzehn neunzehn").split()
TENS_DE = "_ _ zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig".split()


def english_number(n: int) -> str:
    """1..999 in American English words: 321 -> 'three hundred twenty-one'."""
    if not 1 <= n <= 999:
        raise ValueError(f"numbers run from 1 to 999, not {n}")
    hundreds, rest = divmod(n, 100)
    words = [ONES_EN[hundreds], "hundred"] if hundreds else []
    if rest >= 20:
        words.append(TENS_EN[rest // 10] + (f"-{ONES_EN[rest % 10]}" if rest % 10 else ""))
    elif rest:
        words.append(ONES_EN[rest])
    return " ".join(words)


def german_pieces(n: int) -> list[str]:
    """1..999 as German pieces, written without spaces: 321 -> drei hundert ein und zwanzig.

    The ones come before the tens ("einundzwanzig"), so the output order crosses the English one."""
    if not 1 <= n <= 999:
        raise ValueError(f"numbers run from 1 to 999, not {n}")
    hundreds, rest = divmod(n, 100)
    pieces = []
    if hundreds:
        pieces += ["hundert"] if hundreds == 1 else [ONES_DE[hundreds], "hundert"]
    if rest >= 20:
        ones = rest % 10
        if ones:
            pieces += ["ein" if ones == 1 else ONES_DE[ones], "und"]
        pieces.append(TENS_DE[rest // 10])
    elif rest:
        pieces.append(ONES_DE[rest])
    return pieces


def german_number(n: int) -> str:
    """21 -> 'einundzwanzig', 101 -> 'hunderteins', 999 -> 'neunhundertneunundneunzig'."""
    return "".join(german_pieces(n))


class ToyVocab:
    """A word-level vocabulary with the `Tokenizer` interface; the special pieces come first (SPECIALS), so
    their ids are their places there.

    Source text is split into words (and hyphens); output pieces are joined with `joiner`."""

    source_suffix: tuple[int, ...] = ()  # nothing appended to a source

    def __init__(self, words: Iterable[str], joiner: str = " "):
        self.pieces_ = list(SPECIALS) + sorted(set(words))
        self.index = {w: i for i, w in enumerate(self.pieces_)}
        self.pad_id, self.unk_id, self.bos_id, self.eos_id = (self.index[p] for p in SPECIALS)
        self.joiner = joiner

    @property
    def vocab_size(self) -> int:
        return len(self.pieces_)

    def pieces(self, text: str) -> list[str]:
        return re.findall(r"[^\s-]+|-", text.lower())

    def encode(self, text: str) -> list[int]:
        return [self.index.get(w, self.unk_id) for w in self.pieces(text)]

    def id_to_piece(self, ids: Iterable[int]) -> list[str]:
        return [self.pieces_[int(i)] if 0 <= int(i) < len(self.pieces_) else "<unk>" for i in ids]

    def decode(self, ids: Iterable[int]) -> str:
        special = (self.pad_id, self.bos_id, self.eos_id)
        return self.joiner.join(self.pieces_[int(i)] for i in ids if int(i) not in special)


class Example(NamedTuple):
    source: str  # what the learner would type
    target: tuple[str, ...]  # the output pieces, in order


class Task:
    """One toy task: its vocabulary, an example generator, a fixed held-out set and a probe input."""

    name: str
    description: Text  # str() gives the English
    vocab: ToyVocab
    probe: str  # the input whose cross-attention the app redraws while training

    def __init__(self, held_out: list[Example]):
        self.held_out = tuple(held_out)
        self._held_inputs = frozenset(e.source for e in held_out)

    def sample(self, rng: random.Random) -> Example:
        """One training example, never one of the held-out inputs."""
        while True:
            example = self.generate(rng)
            if example.source not in self._held_inputs:
                return example

    def generate(self, rng: random.Random) -> Example:
        raise NotImplementedError

    def expected(self, example: Example) -> str:
        """The output text a right answer decodes to."""
        return self.vocab.joiner.join(example.target)


class SymbolTask(Task):
    """copy, reverse and sort: 2-8 letters in, the same letters out (as they are, backwards, in order)."""

    LENGTH = 8  # held-out inputs have the full length, the hardest the model trains on

    def __init__(self, name: str, description: Text, transform: Callable[[list[str]], list[str]]):
        self.name, self.description, self.transform = name, description, transform
        self.vocab, self.probe = ToyVocab(SYMBOLS), "c a j b e e d h"
        rng, held = random.Random(f"held-out {name}"), {}
        while len(held) < 500:
            letters = [rng.choice(SYMBOLS) for _ in range(self.LENGTH)]
            held[" ".join(letters)] = Example(" ".join(letters), tuple(transform(letters)))
        super().__init__(list(held.values()))

    def generate(self, rng: random.Random) -> Example:
        letters = [rng.choice(SYMBOLS) for _ in range(rng.randint(2, self.LENGTH))]
        return Example(" ".join(letters), tuple(self.transform(letters)))


class NumberTask(Task):
    """English number words 1..999 -> one German number word; 100 numbers are never trained on."""

    name = "numbers"
    description = msg("English number words → German (the ones come before the tens: einundzwanzig)")
    probe = "three hundred twenty-one"

    def __init__(self):
        en = ONES_EN[1:] + TENS_EN[2:] + ["hundred", "-"]
        self.vocab = ToyVocab(en + ONES_DE[1:] + TENS_DE[2:] + ["hundert", "und", "ein"], joiner="")
        held = set(random.Random("held-out numbers").sample(range(1, 1000), 100))
        self.train_numbers = [n for n in range(1, 1000) if n not in held]
        super().__init__([self.example(n) for n in sorted(held)])

    @staticmethod
    def example(n: int) -> Example:
        return Example(english_number(n), tuple(german_pieces(n)))

    def generate(self, rng: random.Random) -> Example:
        return self.example(rng.choice(self.train_numbers))


TASKS = ("reverse", "copy", "sort", "numbers")


def make_task(name: str) -> Task:
    """A task by name (one of TASKS)."""
    if name == "copy":
        return SymbolTask("copy", msg("letters → the same letters"), list)
    if name == "reverse":
        return SymbolTask("reverse", msg("letters → the same letters backwards"), lambda s: s[::-1])
    if name == "sort":
        return SymbolTask("sort", msg("letters → the same letters in alphabetical order"), sorted)
    if name == "numbers":
        return NumberTask()
    raise ValueError(f"unknown task {name!r}: choose one of {', '.join(TASKS)}")
