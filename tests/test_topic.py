"""The topic, idiom, separable-verb and prepositional-object templates, against German written by hand."""

import functools
import random

import pytest

from transformer.corpus import topic
from transformer.dataset import DEFAULT_MIX, Pair, group


@functools.cache
def _draws(maker, n=4000, seed=0) -> dict[str, str]:
    rng = random.Random(seed)
    return dict(maker(rng) for _ in range(n))


@pytest.mark.parametrize(
    "maker, en, de",
    [
        (topic.prepositional, "She thinks of her brother.", "Sie denkt an ihren Bruder."),
        (topic.prepositional, "We look forward to the holidays.", "Wir freuen uns auf die Ferien."),
        (topic.prepositional, "I am interested in history.", "Ich interessiere mich für Geschichte."),
        (topic.prepositional, "You wait for the bus.", "Du wartest auf den Bus."),
        (topic.separable, "He calls my mother.", "Er ruft meine Mutter an."),
        (topic.separable, "We get up at seven o'clock.", "Wir stehen um sieben Uhr auf."),
        (topic.separable, "She has got up at seven o'clock.", "Sie ist um sieben Uhr aufgestanden."),
        (topic.separable, "They will call the doctor tomorrow.", "Sie werden morgen den Arzt anrufen."),
        (topic.separable, "He picks my mother up.", "Er holt meine Mutter ab."),
        (topic.separable, "You watch TV.", "Du siehst fern."),
        (topic.topic, "The model translates the sentence.", "Das Modell übersetzt den Satz."),
        (topic.topic, "Machine learning is very interesting.", "Maschinelles Lernen ist sehr interessant."),
        (topic.topic, "Does the network understand the question?", "Versteht das Netz die Frage?"),
        (topic.topic, "The encoder has read the text.", "Der Encoder hat den Text gelesen."),
        (topic.topic, "We are learning about machine learning.", "Wir lernen etwas über maschinelles Lernen."),
        (topic.topic, "I read a paper about attention.", "Ich lese einen Artikel über Aufmerksamkeit."),
        (topic.topic, "Language models are not easy for beginners.", "Sprachmodelle sind nicht einfach für Anfänger."),
        (topic.topic, "The decoder writes one word at a time.", "Der Decoder schreibt ein Wort nach dem anderen."),
        (topic.topic, "The model translates the English sentence.", "Das Modell übersetzt den englischen Satz."),
        (topic.senses, "He is right.", "Er hat recht."),
        (topic.senses, "We have a cold.", "Wir sind erkältet."),
        (topic.senses, "The bag is light.", "Die Tasche ist leicht."),
        (topic.senses, "The train is late again.", "Der Zug hat wieder Verspätung."),
        (topic.senses, "Her glasses are broken.", "Ihre Brille ist kaputt."),
        (topic.senses, "You order a salad.", "Du bestellst einen Salat."),
        (topic.senses, "I would like to order the fish.", "Ich möchte den Fisch bestellen."),
    ],
)
def test_template_writes_the_german_a_person_would(maker, en, de):
    got = _draws(maker, n=150_000)
    assert en in got, f"{en!r} never drawn"
    assert got[en] == de


def test_separable_particle_is_last_in_every_present_clause():
    """V2 with the particle at the end: the finite verb never carries its particle in a main clause."""
    particles = {v.particle for v in topic.SEPARABLE + topic.SEPARABLE_INTRANSITIVE}
    infinitives = {v.infinitive for v in topic.SEPARABLE + topic.SEPARABLE_INTRANSITIVE}
    for en, de in _draws(topic.separable).items():
        last = de.rstrip(".").split()[-1]
        assert last in particles or last in infinitives or last.endswith(("en", "t")), (en, de)
        if " will " not in en and " has " not in en and " have " not in en:
            assert last in particles, (en, de)


def test_phrasebook_is_its_own_group_and_repeated():
    assert group(Pair("Happy birthday!", "Alles Gute zum Geburtstag!", True, "phrasebook")) == "phrasebook"
    assert DEFAULT_MIX["phrasebook"] > DEFAULT_MIX["generated"]
    assert ("Thank you very much.", "Vielen Dank.") in topic.IDIOMS
    assert len({en for en, _ in topic.IDIOMS}) == len(topic.IDIOMS)  # no English twice with two Germans
    senses = topic.senses_sentences()
    assert 200 < len(senses) == len({en for en, _ in senses})  # each English once, with one German
    assert ("He has a cold.", "Er ist erkältet.") in senses


@pytest.mark.parametrize(
    "en, de",
    [
        ("He has a toothache.", "Er hat Zahnschmerzen."),
        ("My sister has a sore throat today.", "Meine Schwester hat heute Halsschmerzen."),
        ("They are cold.", "Ihnen ist kalt."),
        ("My father is very hot.", "Meinem Vater ist sehr heiß."),
        ("Is he cold?", "Ist ihm kalt?"),
        ("She is not well.", "Ihr geht es nicht gut."),
        ("We are thirsty.", "Wir haben Durst."),
        ("Thanks a lot for the gift!", "Vielen Dank für das Geschenk!"),
        ("Thank you for your letter.", "Danke für deinen Brief."),
        ("Happy Easter, everybody!", "Frohe Ostern, alle zusammen!"),
        ("Good evening, Mrs Müller!", "Guten Abend, Frau Müller!"),
        ("See you on Friday.", "Bis Freitag."),
        ("It is one o'clock.", "Es ist ein Uhr."),
        ("It is half past twelve.", "Es ist halb eins."),
        ("It is quarter to three.", "Es ist Viertel vor drei."),
        ("How are your parents?", "Wie geht es deinen Eltern?"),
    ],
)
def test_set_phrases_in_every_form(en, de):
    assert dict(topic.set_phrases())[en] == de


def test_set_phrases_are_one_german_each_and_in_the_phrasebook():
    """Each English once across the whole phrasebook (one German to learn), and build puts them there."""
    from transformer.corpus.build import phrasebook_pairs

    germans: dict[str, set[str]] = {}
    for en, de, *_ in phrasebook_pairs(held_out=set()):
        germans.setdefault(en, set()).add(de)
    assert {en: de for en, de in germans.items() if len(de) > 1} == {}
    pairs = phrasebook_pairs(held_out={"they are cold"})
    assert ("He has a toothache.", "Er hat Zahnschmerzen.", True, "phrasebook") in pairs
    assert not [p for p in pairs if p[0] == "They are cold."]
    assert len(pairs) == len(set(pairs))
