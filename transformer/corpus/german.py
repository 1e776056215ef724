"""German (and a little English) morphology for the sentence generator: articles, adjective endings, verbs.

Nouns carry gender and plural from the Ding dictionary; the rules here decline them by case and
conjugate verbs from their principal parts (infinitive, 3rd person singular, participle, auxiliary).
"""

from __future__ import annotations

from dataclasses import dataclass

PERSONS = ("ich", "du", "er", "sie", "es", "wir", "ihr", "sie_pl", "Sie")

DEFINITE = {
    "nom": {"m": "der", "f": "die", "n": "das", "pl": "die"},
    "acc": {"m": "den", "f": "die", "n": "das", "pl": "die"},
    "dat": {"m": "dem", "f": "der", "n": "dem", "pl": "den"},
}
# endings of ein/kein/mein... (the plural only exists for kein and the possessives)
EIN_ENDING = {
    "nom": {"m": "", "f": "e", "n": "", "pl": "e"},
    "acc": {"m": "en", "f": "e", "n": "", "pl": "e"},
    "dat": {"m": "em", "f": "er", "n": "em", "pl": "en"},
}
ADJ_AFTER_DEFINITE = {
    "nom": {"m": "e", "f": "e", "n": "e", "pl": "en"},
    "acc": {"m": "en", "f": "e", "n": "e", "pl": "en"},
    "dat": {"m": "en", "f": "en", "n": "en", "pl": "en"},
}
ADJ_AFTER_EIN = {
    "nom": {"m": "er", "f": "e", "n": "es", "pl": "en"},
    "acc": {"m": "en", "f": "e", "n": "es", "pl": "en"},
    "dat": {"m": "en", "f": "en", "n": "en", "pl": "en"},
}
ADJ_STRONG = {
    "nom": {"m": "er", "f": "e", "n": "es", "pl": "e"},
    "acc": {"m": "en", "f": "e", "n": "es", "pl": "e"},
    "dat": {"m": "em", "f": "er", "n": "em", "pl": "en"},
}
DIES_ENDING = {  # dieser, diese, dieses: the definite article's endings
    "nom": {"m": "er", "f": "e", "n": "es", "pl": "e"},
    "acc": {"m": "en", "f": "e", "n": "es", "pl": "e"},
    "dat": {"m": "em", "f": "er", "n": "em", "pl": "en"},
}
POSSESSIVE_STEM = {"my": "mein", "your": "dein", "his": "sein", "her": "ihr", "our": "unser", "their": "ihr"}
CONTRACTIONS = {
    "in dem": "im",
    "an dem": "am",
    "zu dem": "zum",
    "zu der": "zur",
    "von dem": "vom",
    "bei dem": "beim",
    "in das": "ins",
}
_WEAK_SUFFIXES = ("ent", "ant", "ist")  # Student, Elefant, Polizist
_FOREIGN_WEAK = ("at", "it", "et", "nom", "urg", "oph", "loge", "graph", "naut")  # with a plural in -en
_WEAK_WORDS = {
    "Mensch",
    "Herr",
    "Nachbar",
    "Bär",
    "Held",
    "Prinz",
    "Graf",
    "Bauer",
    "Kunde",
    "Junge",
    "Affe",
    "Löwe",
    "Hase",
    "Kollege",
    "Neffe",
    "Riese",
    "Soldat",
    "Fotograf",
    "Biologe",
    "Pilot",
    "Architekt",
    "Experte",
}


@dataclass(frozen=True)
class Noun:
    en: str
    en_plural: str
    de: str
    de_plural: str
    gender: str  # m, f or n

    @property
    def weak(self) -> bool:
        """n-declension ("den Jungen", "dem Studenten"): a masculine noun of a known kind, plural in -(e)n."""
        if self.gender != "m" or self.de_plural not in (self.de + "n", self.de + "en", ""):
            return False
        if self.de.endswith("e") and not self.de.endswith("ee") and self.de_plural == self.de + "n":  # Kollege, Name
            return True
        if self.de.endswith(_FOREIGN_WEAK) and not self.de.endswith(("aat", "eet")) and self.de_plural:
            return True  # Satellit, Kandidat, Planet, Astronom (but Staat, Staaten is strong)
        return self.de in _WEAK_WORDS or self.de.endswith(_WEAK_SUFFIXES)

    def form(self, case: str, plural: bool) -> str:
        if plural:
            pl = self.de_plural
            return pl + "n" if case == "dat" and not pl.endswith(("n", "s")) else pl
        if case != "nom" and self.weak:
            return self.de_plural or self.de + "en"
        return self.de


@dataclass(frozen=True)
class Adjective:
    en: str
    de: str

    @property
    def stem(self) -> str:
        """The attributive stem: dunkel -> dunkl, teuer -> teur, hoch -> hoh, müde -> müd."""
        if self.de == "hoch":
            return "hoh"
        if self.de.endswith("el") or self.de.endswith(("euer", "auer")):
            return self.de[:-2] + self.de[-1]
        return self.de[:-1] if self.de.endswith("e") else self.de  # müde -> müd-en


def noun_phrase(noun: Noun, case: str, det: str, plural: bool = False, adj: Adjective | None = None) -> str:
    """German noun phrase. det: the, this, a, no (kein), zero (no article), or an English possessive."""
    g = "pl" if plural else noun.gender
    if det == "the":
        article, table = DEFINITE[case][g], ADJ_AFTER_DEFINITE
    elif det == "this":
        article, table = "dies" + DIES_ENDING[case][g], ADJ_AFTER_DEFINITE
    elif det in ("a", "no") or det in POSSESSIVE_STEM:
        if det == "a" and plural:
            article, table = "", ADJ_STRONG
        else:
            stem = "kein" if det == "no" else "ein" if det == "a" else POSSESSIVE_STEM[det]
            article, table = stem + EIN_ENDING[case][g], ADJ_AFTER_EIN
    elif det == "zero":
        article, table = "", ADJ_STRONG
    else:
        raise ValueError(f"unknown determiner {det!r}")
    words = [article] if article else []
    if adj is not None:
        words.append(adj.stem + table[case][g])
    words.append(noun.form(case, plural))
    return " ".join(words)


def cap(text: str) -> str:
    """The first letter upper-cased (sentence start), the rest as it is."""
    return text[:1].upper() + text[1:]


def contract(text: str) -> str:
    """in dem -> im, zu der -> zur, ... (only where German always contracts)."""
    for full, short in CONTRACTIONS.items():
        text = text.replace(f" {full} ", f" {short} ")
        if text.startswith(full + " "):
            text = short.capitalize() + text[len(full) :]
        if text.startswith(full.capitalize() + " "):
            text = short.capitalize() + text[len(full) :]
    return text


@dataclass(frozen=True)
class Verb:
    """Principal parts of an English verb and its German translation."""

    en: str  # base form: read
    en_3sg: str  # reads
    en_past: str  # read
    en_participle: str  # read
    en_ing: str  # reading
    de: str  # infinitive: lesen
    de_3sg: str  # liest
    de_participle: str  # gelesen
    de_aux: str  # haben | sein
    de_past_3sg: str = ""  # Präteritum, only used for sein/haben/modals

    @property
    def de_stem(self) -> str:
        return self.de[:-2] if self.de.endswith("en") else self.de[:-1]

    def present(self, person: str) -> str:
        """German present tense from the infinitive and the 3rd person singular."""
        if self.de in IRREGULAR_PRESENT:
            return IRREGULAR_PRESENT[self.de][PERSONS.index(person)]
        stem = self.de_stem
        if person == "ich":
            return stem + "e"
        if person == "du":
            base = self.de_3sg[:-1]  # liest -> lies, arbeitet -> arbeite, spielt -> spiel
            return base + ("t" if base.endswith(("s", "ß", "z", "x")) else "st")
        if person in ("er", "sie", "es"):
            return self.de_3sg
        if person == "ihr":
            return stem + ("et" if stem.endswith(("t", "d")) or _needs_e(stem) else "t")
        return self.de

    def imperative(self, formal: bool) -> str:
        """Du-imperative (lies, spiel, arbeite) or the Sie-form (lesen Sie)."""
        if formal:
            return f"{self.de} Sie" if self.de != "sein" else "seien Sie"
        if self.de in IRREGULAR_IMPERATIVE:
            return IRREGULAR_IMPERATIVE[self.de]
        changed = self.de_3sg[:-1]
        stem = self.de_stem
        if "i" in changed and "i" not in stem and "e" in stem:  # e -> i/ie: lesen lies, geben gib
            return changed
        return stem + "e" if stem.endswith(("t", "d")) or _needs_e(stem) else stem

    def english_present(self, subject_en: str) -> str:
        if self.en == "be":
            return {"I": "am", "he": "is", "she": "is", "it": "is"}.get(subject_en, "are")
        third = subject_en in ("he", "she", "it")
        return self.en_3sg if third else self.en


def _needs_e(stem: str) -> bool:
    """öffnen -> ihr öffnet, atmen -> ihr atmet: a consonant before m/n needs a linking e."""
    return len(stem) > 2 and stem[-1] in "mn" and stem[-2] not in "aeiouäöühlrmn"


# ich, du, er, sie, es, wir, ihr, sie (plural), Sie
IRREGULAR_PRESENT = {
    "sein": ("bin", "bist", "ist", "ist", "ist", "sind", "seid", "sind", "sind"),
    "haben": ("habe", "hast", "hat", "hat", "hat", "haben", "habt", "haben", "haben"),
    "werden": ("werde", "wirst", "wird", "wird", "wird", "werden", "werdet", "werden", "werden"),
    "können": ("kann", "kannst", "kann", "kann", "kann", "können", "könnt", "können", "können"),
    "müssen": ("muss", "musst", "muss", "muss", "muss", "müssen", "müsst", "müssen", "müssen"),
    "wollen": ("will", "willst", "will", "will", "will", "wollen", "wollt", "wollen", "wollen"),
    "sollen": ("soll", "sollst", "soll", "soll", "soll", "sollen", "sollt", "sollen", "sollen"),
    "dürfen": ("darf", "darfst", "darf", "darf", "darf", "dürfen", "dürft", "dürfen", "dürfen"),
    "mögen": ("mag", "magst", "mag", "mag", "mag", "mögen", "mögt", "mögen", "mögen"),
    "wissen": ("weiß", "weißt", "weiß", "weiß", "weiß", "wissen", "wisst", "wissen", "wissen"),
}
IRREGULAR_IMPERATIVE = {"sein": "sei", "haben": "hab", "werden": "werde"}

SEIN = Verb("be", "is", "was", "been", "being", "sein", "ist", "gewesen", "sein")
HABEN = Verb("have", "has", "had", "had", "having", "haben", "hat", "gehabt", "haben")
WERDEN = Verb("will", "will", "would", "", "", "werden", "wird", "geworden", "sein")


def english_article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" and not word.lower().startswith(("uni", "use", "eu", "one")) else "a"
