"""The shipped checkpoint: the app's example sentences translate correctly, the everyday set stays
above the project's floor. A new checkpoint must pass these before it replaces the shipped one."""

from __future__ import annotations

import pytest

from transformer import evaluate
from transformer.checkpoint import DEFAULT_CHECKPOINT, load
from transformer.translate import translate_texts
from ui.state import DEFAULT_SENTENCE, EXAMPLES

EXPECTED = {
    "The cat is sleeping on the sofa.": "Die Katze schläft auf der Couch.",
    "My sister lives in a small house.": "Meine Schwester wohnt in einem kleinen Haus.",
    "My father works in a bank.": "Mein Vater arbeitet in einer Bank.",
    "Can you help me?": "Kannst du mir helfen?",
    "Please close the window.": "Bitte schließen Sie das Fenster.",
    "We walked through the forest.": "Wir gingen durch den Wald.",
}


@pytest.fixture(scope="module")
def shipped():
    return load(DEFAULT_CHECKPOINT, "cpu")


def test_the_apps_examples_translate_correctly(shipped):
    assert set(EXAMPLES) == set(EXPECTED) and DEFAULT_SENTENCE in EXPECTED
    model, tokenizer = shipped
    assert translate_texts(model, tokenizer, list(EXPECTED)) == list(EXPECTED.values())


def test_everyday_set_is_above_the_floor(shipped):
    model, tokenizer = shipped
    src, refs = evaluate.read_pairs(evaluate.EVERYDAY)
    assert evaluate.score(translate_texts(model, tokenizer, src), refs)["chrf"] >= 60
