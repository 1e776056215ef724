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
