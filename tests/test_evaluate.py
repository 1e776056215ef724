"""`python -m transformer.evaluate`: sacreBLEU scores, the model card's score table, saved outputs."""

from __future__ import annotations

import re
import shutil

from transformer import evaluate, scoring


def test_score_is_100_for_exact_and_lower_for_wrong_output():
    refs = ["Das Wetter ist heute schön.", "Wo ist der Bahnhof?"]
    exact = scoring.score(refs, refs)
    assert round(exact["bleu"], 6) == 100.0 and round(exact["chrf"], 6) == 100.0
    wrong = scoring.score(["Die Katze schläft.", "Wo ist der Bahnhof?"], refs)
    assert 0 < wrong["bleu"] < 100 and 0 < wrong["chrf"] < 100


def test_evaluate_writes_the_card_and_the_outputs(tiny_checkpoint, tmp_path, monkeypatch, capsys):
    test = tmp_path / "test.tsv"
    test.write_text("the cat\tdie Katze\t1\nthe dog is here.\tder Hund ist hier.\t1\n", encoding="utf-8")
    everyday = tmp_path / "everyday.tsv"
    everyday.write_text("# comment\nThe weather is nice today.\tDas Wetter ist heute schön.\n", encoding="utf-8")
    monkeypatch.setattr(scoring, "EVERYDAY", everyday)
    own = tmp_path / "ckpt"  # a copy: the shared fixture's folder stays as other tests expect it
    shutil.copytree(tiny_checkpoint, own)
    card = own / "README.md"
    card.write_text("# card\n<!-- scores -->\nold\n<!-- /scores -->\ntail\n", encoding="utf-8")

    evaluate.main(["--checkpoint", str(own), "--test", str(test), "--save", str(tmp_path / "out")])

    text = card.read_text(encoding="utf-8")
    assert "old" not in text and text.endswith("tail\n")
    rows = re.findall(r"^\| (ding_test|everyday) \| (\d+) \| ([\d.]+) \| ([\d.]+) \|$", text, flags=re.M)
    assert [(r[0], r[1]) for r in rows] == [("ding_test", "2"), ("everyday", "1")]
    saved = (tmp_path / "out" / "ding_test.tsv").read_text(encoding="utf-8").splitlines()
    expected = [["the cat", "die Katze"], ["the dog is here.", "der Hund ist hier."]]
    assert [ln.split("\t")[:2] for ln in saved] == expected
    assert "ding_test: BLEU" in capsys.readouterr().out
