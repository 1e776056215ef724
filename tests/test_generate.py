"""German morphology and the everyday sentence generator (lexicon from a shipped Ding sample)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from transformer.corpus.generate import PRONOUNS, Generator, Subject
from transformer.corpus.german import Adjective, Noun, contract, noun_phrase
from transformer.corpus.lexicon import build, parse_verbs

SEED_NOUNS = Path(__file__).parent / "data" / "ding_seed_nouns.txt"
GARTEN = Noun("garden", "gardens", "Garten", "Gärten", "m")
TISCH = Noun("table", "tables", "Tisch", "Tische", "m")
KIND = Noun("child", "children", "Kind", "Kinder", "n")
JUNGE = Noun("boy", "boys", "Junge", "Jungen", "m")
ENTE = Noun("duck", "ducks", "Ente", "Enten", "f")
SEE = Noun("lake", "lakes", "See", "Seen", "m")
BIG, SMALL, DARK = Adjective("big", "groß"), Adjective("small", "klein"), Adjective("dark", "dunkel")


@pytest.fixture(scope="module")
def lexicon():
    return build(SEED_NOUNS)


@pytest.fixture(scope="module")
def verbs():
    return parse_verbs()


def test_noun_phrases_decline_by_case_gender_and_article():
    assert noun_phrase(GARTEN, "acc", "a", adj=BIG) == "einen großen Garten"
    assert noun_phrase(GARTEN, "nom", "a", adj=BIG) == "ein großer Garten"
    assert noun_phrase(GARTEN, "dat", "the", adj=BIG) == "dem großen Garten"
    assert noun_phrase(TISCH, "dat", "the") == "dem Tisch"
    assert noun_phrase(KIND, "dat", "the", plural=True) == "den Kindern"  # dative plural -n
    assert noun_phrase(KIND, "nom", "zero", plural=True, adj=SMALL) == "kleine Kinder"
    assert noun_phrase(ENTE, "acc", "my", plural=True, adj=SMALL) == "meine kleinen Enten"
    assert noun_phrase(ENTE, "acc", "no") == "keine Ente"
    assert noun_phrase(GARTEN, "acc", "no", adj=DARK) == "keinen dunklen Garten"  # dunkel -> dunkl-
    assert noun_phrase(JUNGE, "acc", "the") == "den Jungen"  # weak masculine
    assert noun_phrase(JUNGE, "dat", "a") == "einem Jungen"
    assert noun_phrase(SEE, "dat", "the") == "dem See"  # -e but not weak
    assert noun_phrase(KIND, "nom", "our") == "unser Kind"
    assert noun_phrase(KIND, "nom", "the", plural=True, adj=Adjective("tired", "müde")) == "die müden Kinder"
    assert noun_phrase(KIND, "dat", "this", plural=True) == "diesen Kindern"
    assert noun_phrase(Noun("policeman", "policemen", "Polizist", "", "m"), "acc", "the") == "den Polizisten"


def test_weak_masculines_found_by_their_form():
    """n-declension without a word list: -e with plural -n, and stressed foreign endings with -en."""

    def noun(de: str, plural: str) -> Noun:
        return Noun("x", "xs", de, plural, "m")

    assert noun_phrase(noun("Kollege", "Kollegen"), "dat", "my") == "meinem Kollegen"
    assert noun_phrase(noun("Gedanke", "Gedanken"), "acc", "the") == "den Gedanken"
    assert noun_phrase(noun("Satellit", "Satelliten"), "acc", "a") == "einen Satelliten"
    assert noun_phrase(noun("Kandidat", "Kandidaten"), "dat", "the") == "dem Kandidaten"
    assert noun_phrase(noun("Planet", "Planeten"), "acc", "the") == "den Planeten"
    assert noun_phrase(noun("Staat", "Staaten"), "acc", "the") == "den Staat"  # -en plural, strong
    assert noun_phrase(noun("Monat", "Monate"), "dat", "a") == "einem Monat"
    assert noun_phrase(noun("Käse", ""), "acc", "the") == "den Käse"
    assert noun_phrase(Noun("x", "xs", "Katze", "Katzen", "f"), "acc", "the") == "die Katze"


def test_contractions():
    assert contract("Der Hund schläft in dem Garten.") == "Der Hund schläft im Garten."
    assert contract("Wir gehen zu der Schule.") == "Wir gehen zur Schule."
    assert contract("In dem Haus ist es warm.") == "Im Haus ist es warm."
    assert contract("Sie wohnt in der Stadt.") == "Sie wohnt in der Stadt."


def test_present_tense_conjugation(verbs):
    lesen, essen, fahren, arbeiten, oeffnen, spielen = (
        verbs[v] for v in ("read", "eat", "drive", "work", "open", "play")
    )
    assert [lesen.present(p) for p in ("ich", "du", "er", "wir", "ihr", "Sie")] == [
        "lese", "liest", "liest", "lesen", "lest", "lesen",
    ]  # fmt: skip
    assert essen.present("du") == "isst" and fahren.present("du") == "fährst" and fahren.present("ich") == "fahre"
    assert arbeiten.present("du") == "arbeitest" and arbeiten.present("ihr") == "arbeitet"
    assert oeffnen.present("ihr") == "öffnet" and oeffnen.present("du") == "öffnest"
    assert spielen.present("du") == "spielst" and verbs["dance"].present("du") == "tanzt"
    assert verbs["like"].present("ich") == "mag" and verbs["have"].present("du") == "hast"


def test_imperatives(verbs):
    got = [verbs[v].imperative(formal=False) for v in ("read", "eat", "take", "drive", "work", "open", "play")]
    assert got == ["lies", "iss", "nimm", "fahr", "arbeite", "öffne", "spiel"]
    assert verbs["read"].imperative(formal=True) == "lesen Sie"


def test_clause_tenses(lexicon, verbs):
    gen = Generator(lexicon, seed=0)
    ich = PRONOUNS[0]
    buch = ("a book", "ein Buch")
    none = ("", "")
    assert gen.clause(ich, verbs["read"], buch, none, tense="present", negate=False, adverb=none) == (
        "I read a book.",
        "Ich lese ein Buch.",
    )
    assert gen.clause(ich, verbs["read"], buch, none, tense="perfect", negate=False, adverb=none) == (
        "I have read a book.",
        "Ich habe ein Buch gelesen.",
    )
    she = PRONOUNS[4]
    assert gen.clause(
        she, verbs["go"], None, ("to the station", "zu dem Bahnhof"), tense="past", negate=False, adverb=none
    ) == (
        "She went to the station.",
        "Sie ist zum Bahnhof gegangen.",
    )
    assert gen.clause(she, verbs["read"], buch, none, "kein Buch", tense="present", negate=True, adverb=none) == (
        "She does not read a book.",
        "Sie liest kein Buch.",
    )
    the_book = ("the book", "das Buch")
    assert gen.clause(she, verbs["read"], the_book, none, tense="future", negate=True, adverb=("today", "heute")) == (
        "She will not read the book today.",
        "Sie wird heute das Buch nicht lesen.",
    )
    anna = Subject("Anna", "Anna", "er", "he", "person")
    assert gen.clause(
        anna, verbs["sleep"], None, ("in the garden", "in dem Garten"), tense="progressive", negate=False, adverb=none
    ) == (
        "Anna is sleeping in the garden.",
        "Anna schläft im Garten.",
    )


def test_times_transport_companions_and_professions(lexicon, verbs):
    gen = Generator(lexicon, seed=0)
    ich, none = PRONOUNS[0], ("", "")
    # a day and a clock time go to the front of the German middle field, the end of the English clause
    assert gen.clause(
        ich, verbs["read"], ("a book", "ein Buch"), none, tense="present", negate=False,
        adverb=("every Sunday", "jeden Sonntag"),
    ) == ("I read a book every Sunday.", "Ich lese jeden Sonntag ein Buch.")  # fmt: skip
    # English has no present perfect with a point in the past: "I have read ... on Monday" -> "I read"
    assert gen.clause(
        ich, verbs["read"], ("a book", "ein Buch"), none, tense="perfect", negate=False,
        adverb=("on Monday", "am Montag"),
    ) == ("I read a book on Monday.", "Ich habe am Montag ein Buch gelesen.")  # fmt: skip
    times = {Generator(lexicon, seed=s).clock_time() for s in range(400)}
    assert ("half past four", "halb fünf") in times and ("half past twelve", "halb eins") in times
    assert ("one o'clock", "ein Uhr") in times and ("a quarter to ten", "Viertel vor zehn") in times
    assert ("a quarter past one", "Viertel nach eins") in times
    pairs = dict(Generator(lexicon, seed=1).sample(5000))
    by_train = [(en, de) for en, de in pairs.items() if " by train" in en]
    assert len(by_train) >= 3 and all("mit dem Zug" in de for _, de in by_train), by_train[:3]
    assert not [de for en, de in by_train if "geh" in de or "gang" in de]  # going by train is fahren
    with_my = [(en, de) for en, de in pairs.items() if " with my " in en]
    assert len(with_my) > 5 and all(re.search(r"\bmit meine[mrn] ", de) for _, de in with_my), with_my[:3]
    jobs = [(en, de) for en, de in pairs.items() if en.startswith("My father is a ") and len(en.split()) == 5]
    assert jobs and all(re.fullmatch(r"Mein Vater ist [A-ZÄÖÜ]\w+\.", de) for _, de in jobs), jobs[:3]
    assert pairs.get("My father is a farmer.", "Mein Vater ist Bauer.") == "Mein Vater ist Bauer."
    # instruments and sports without the German article, negated with kein
    plays = [(en, de) for en, de in pairs.items() if re.search(r"\bplays? (the )?(piano|guitar|football|chess)", en)]
    assert len(plays) > 5 and all(re.search(r"\b(Klavier|Gitarre|Fußball|Schach)\b", de) for _, de in plays)
    assert not [de for _, de in plays if re.search(r"\b(das|die|den|ein|eine|einen) (Klavier|Gitarre|Fußball)", de)]
    kein = [de for en, de in pairs.items() if re.search(r"not play (the )?(piano|guitar|football)", en)]
    assert kein and all(re.search(r"\b(kein|keine|keinen) (Klavier|Gitarre|Fußball)\b", de) for de in kein), kein
    hurts = [(en, de) for en, de in pairs.items() if en.startswith("My ") and en.endswith((" hurts.", " hurt."))]
    assert hurts and all(re.fullmatch(r"Mein(e)? \w+ tu[nt]( nicht)? weh\.", de) for _, de in hurts), hurts[:3]
    assert pairs.get("My feet hurt.", "Meine Füße tun weh.") == "Meine Füße tun weh."


def test_generated_sample_is_distinct_well_formed_and_varied(lexicon):
    pairs = Generator(lexicon, seed=3).sample(2000)
    assert len(pairs) == 2000 and len({en for en, _ in pairs}) == 2000
    for en, de in pairs:
        assert en[0].isupper() and de[0].isupper(), (en, de)
        assert en[-1] in ".!?" and de[-1] == en[-1], (en, de)
        assert "  " not in en + de and not re.search(r"\b(in dem|zu dem|zu der|an dem)\b", de), (en, de)
    de_text = " ".join(de for _, de in pairs)
    for form in (
        "nicht",
        "kein",
        "habe",
        "wird",
        "gern",
        "Es gibt",
        "Uhr",
        "Bitte",
        "?",
        "Jahre alt",
        "möchte",
        "kostet",
        "mit dem",
        "nach ",
        "jeden",
        "halb",
    ):
        assert form in de_text, form
    assert Generator(lexicon, seed=3).sample(50) == pairs[:50]  # deterministic


def test_lexicon_declines_seed_nouns_from_ding(lexicon):
    nouns = {n.en: n for ns in lexicon.nouns.values() for n in ns}
    assert (nouns["cat"].de, nouns["cat"].gender, nouns["cat"].de_plural) == ("Katze", "f", "Katzen")
    assert (nouns["child"].en_plural, nouns["child"].de_plural) == ("children", "Kinder")
    assert nouns["church"].gender == "f" and nouns["mouse"].en_plural == "mice"
    assert not lexicon.missing  # the shipped sample declines every seed


def test_every_seed_word_is_an_everyday_english_word():
    """Seeds are among the frequent English words (wordfreq Zipf >= 3.4: pear, waiter and up)."""
    from wordfreq import zipf_frequency

    from transformer.corpus.lexicon import ADJECTIVE_SEEDS, NOUN_SEEDS

    seeds = [s.split(":")[0] for group in (NOUN_SEEDS, ADJECTIVE_SEEDS) for v in group.values() for s in v.split()]
    seeds += list(parse_verbs())
    rare = [w for w in seeds if zipf_frequency(w, "en") < 3.4]
    assert not rare, rare


COMMON_SAMPLE = Path(__file__).parent / "data" / "ding_common_sample.txt"


@pytest.fixture(scope="module")
def common():
    from transformer.corpus.lexicon import common_nouns

    return {n.en: n for n in common_nouns(COMMON_SAMPLE.read_text(encoding="utf-8").splitlines(), {"fever"}, set())}


def test_common_nouns_take_the_sense_ding_pairs_most_often(common):
    """Every Ding entry with these words (tests/data/ding_common_sample.txt): page is Seite (in dozens of
    compounds) rather than Page (a pageboy), voice Stimme and flight Flug though Sprache and Flucht are
    more frequent German words; a mass noun has no plural; Ding supplies gender and plural."""
    assert (common["page"].de, common["page"].gender, common["page"].de_plural) == ("Seite", "f", "Seiten")
    assert (common["balcony"].de, common["balcony"].de_plural, common["balcony"].en_plural) == (
        "Balkon", "Balkone", "balconies",
    )  # fmt: skip
    assert (common["vegetable"].de, common["vegetable"].de_plural) == ("Gemüse", "")
    assert common["voice"].de == "Stimme" and common["flight"].de == "Flug"


def test_common_nouns_leave_out_what_would_teach_wrong_german(common):
    assert "fever" not in common  # excluded as a seed would be: the hand-chosen sense stays the only one
    assert "cold" not in common  # kalt (adjective) is far more frequent than Erkältung
    assert "stirring" not in common and "waiting" not in common  # a verb's -ing form: Umrühren, Warten
    assert "vegetables" not in common and "premises" not in common  # plural forms
    assert all(n.de[0].isupper() and n.gender in "mfn" for n in common.values())


def test_common_template_writes_the_wide_vocabulary(lexicon, common):
    """The common frames: no English "a" (Ding cannot tell mass nouns), a mass noun never in the plural,
    and every German sentence has the noun the English one has."""
    from dataclasses import replace

    from transformer.corpus.lexicon import COMMON

    wide = replace(lexicon, nouns={**lexicon.nouns, COMMON: list(common.values())})
    gen = Generator(wide, seed=4)
    assert gen.common in [t for _, t in gen.templates]
    pairs = [gen.common() for _ in range(600)]
    for en, de in pairs:
        words = re.findall(r"[a-z]+", en.lower())
        nouns = [n for n in common.values() if n.en in words or n.en_plural in words]
        assert nouns, en
        assert not any(re.search(rf"\ban? (\w+ )?{n.en}\b", en, re.I) for n in nouns), en
        assert any(n.de in de or (n.de_plural and n.de_plural in de) for n in nouns), (en, de)
    assert not any("Gemüsen" in de or "vegetables" in en for en, de in pairs)
    assert ("Where is the balcony?", "Wo ist der Balkon?") in pairs or any("Balkon" in de for _, de in pairs)
