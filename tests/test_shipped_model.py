"""The shipped checkpoint: the app's example sentences translate correctly, the everyday set stays
above the project's floor. A new checkpoint must pass these before it replaces the shipped one."""

from __future__ import annotations

import pytest

from transformer.checkpoint import DEFAULT_CHECKPOINT, load
from transformer.dataset import EVERYDAY, read_pairs
from transformer.scoring import score
from transformer.translation import translate_texts
from ui.state import DEFAULT_SENTENCE, EXAMPLES

# each English example -> the correct translations accepted (German has synonyms: Sofa and Couch)
EXPECTED = {
    "The cat is sleeping on the sofa.": {"Die Katze schläft auf der Couch.", "Die Katze schläft auf dem Sofa."},
    "My sister lives in a small house.": {"Meine Schwester wohnt in einem kleinen Haus."},
    "My father works in a bank.": {"Mein Vater arbeitet in einer Bank."},
    "Can you help me?": {"Kannst du mir helfen?", "Können Sie mir helfen?"},
    "Please close the window.": {"Bitte schließen Sie das Fenster.", "Bitte schließ das Fenster."},
    "We walked through the forest.": {
        "Wir gingen durch den Wald.",
        "Wir sind durch den Wald gegangen.",
        "Wir liefen durch den Wald.",
        "Wir sind durch den Wald gelaufen.",  # laufen: to walk, in everyday German
    },
}


@pytest.fixture(scope="module")
def shipped():
    return load(DEFAULT_CHECKPOINT, "cpu")


def test_the_apps_examples_translate_correctly(shipped):
    assert set(EXAMPLES) == set(EXPECTED) and DEFAULT_SENTENCE in EXPECTED
    model, tokenizer = shipped
    got = dict(zip(EXPECTED, translate_texts(model, tokenizer, list(EXPECTED))))
    wrong = {en: de for en, de in got.items() if de not in EXPECTED[en]}
    assert not wrong, wrong


def test_everyday_set_is_above_the_floor(shipped):
    model, tokenizer = shipped
    src, refs = read_pairs(EVERYDAY)
    assert score(translate_texts(model, tokenizer, src), refs)["chrf"] >= 82  # 82.7 as shipped 2026-12-06 (F-v15-586)
