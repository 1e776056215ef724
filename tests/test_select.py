"""`python -m transformer.select`: mixes are the weighted means they claim, and the best on the dev sets is saved."""

from __future__ import annotations

import json

import pytest
import torch

from transformer import checkpoint
from transformer.config import ModelConfig
from transformer.model import Transformer
from transformer.select import dev_scores
from transformer.select import main as select_main

from .conftest import TINY


def test_weighted_average_is_the_interpolation():
    a = {"w": torch.tensor([1.0, 2.0])}
    b = {"w": torch.tensor([3.0, 6.0])}
    assert torch.equal(checkpoint.average_states([a, b], [0.75, 0.25])["w"], torch.tensor([1.5, 3.0]))
    assert torch.equal(checkpoint.average_states([a, b], [1.0, 0.0])["w"], a["w"])


@pytest.fixture()
def three_checkpoints(tmp_path, tokenizer, tiny_checkpoint):
    """The shared tiny checkpoint and two differently initialised ones."""
    paths = [tiny_checkpoint]
    for seed in (1, 2):
        torch.manual_seed(seed)
        other = Transformer(ModelConfig(vocab_size=tokenizer.vocab_size, **TINY)).eval()
        checkpoint.save(tmp_path / f"other{seed}", other, tokenizer)
        (tmp_path / f"other{seed}" / "training.json").write_text(json.dumps({"minutes": 7.0, "updates": 30}))
        paths.append(tmp_path / f"other{seed}")
    return paths


@pytest.fixture()
def dev_files(tmp_path, sample_pairs):
    sentences = [p for p in sample_pairs if p.sentence][:6]
    valid, everyday = tmp_path / "valid.tsv", tmp_path / "everyday_dev.tsv"
    valid.write_text("".join(f"{p.en}\t{p.de}\n" for p in sentences[:3]), encoding="utf-8")
    everyday.write_text("# comment\n" + "".join(f"{p.en}\t{p.de}\n" for p in sentences[3:]), encoding="utf-8")
    return valid, everyday


def test_select_scores_every_mix_and_saves_the_best(tmp_path, three_checkpoints, dev_files, capsys):
    base, other, third = three_checkpoints
    valid, everyday = dev_files
    out = tmp_path / "best"
    args = [str(other), str(third), "--base", str(base), "--alphas", "0.5", "--soup", "--valid", str(valid)]
    select_main([*args, "--everyday-dev", str(everyday), "--out", str(out)])
    table = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("select")]
    # two candidates as they are, the base, their half-half mixes with it, and the mean of all three
    assert len(table) == 6 and sum("mean of" in ln for ln in table) == 1
    scores = [float(ln.split()[1]) for ln in table]
    assert scores == sorted(scores, reverse=True)

    record = json.loads((out / "training.json").read_text())
    assert sum(p["weight"] for p in record["mixed_from"].values()) == pytest.approx(1.0)
    assert record["dev_scores"]["select"] == scores[0]
    event = json.loads((out / "metrics.jsonl").read_text().splitlines()[-1])
    assert event["event"] == "select" and event["dev_scores"] == record["dev_scores"]
    model, tok = checkpoint.load(out, "cpu")  # a normal checkpoint folder again
    again = dev_scores(model, tok, {"ding_valid": valid, "everyday_dev": everyday})
    assert again["select"] == pytest.approx(scores[0], abs=0.5)  # saved in fp16, so nearly the same


def test_select_refuses_checkpoints_with_different_tokenizers(tmp_path, three_checkpoints, dev_files, sample_pairs):
    from transformer.tokenizer import train as train_tokenizer

    base, other, _ = three_checkpoints
    tok2 = train_tokenizer([p.en for p in sample_pairs], tmp_path / "spm2", vocab_size=200)
    checkpoint.save(tmp_path / "odd", Transformer(ModelConfig(vocab_size=200, **TINY)), tok2)
    valid, everyday = dev_files
    with pytest.raises(SystemExit, match="share one"):
        select_main(
            [
                str(base),
                str(tmp_path / "odd"),
                "--base",
                str(other),
                "--valid",
                str(valid),
                "--everyday-dev",
                str(everyday),
            ]
        )


def test_dev_scores_by_class_score_each_class_alone_and_stay_out_of_select(tmp_path, tiny_checkpoint, dev_files):
    """Oracle: one class whose references are the model's own outputs (chrF 100) and one whose references are
    nothing like them (chrF far lower); `select` stays the mean of the two whole sets."""
    from transformer.translation import translate_texts

    model, tok = checkpoint.load(tiny_checkpoint, "cpu")
    valid, _ = dev_files
    src = ["I am here.", "The dog sleeps.", "We eat bread.", "She reads a book."]
    outs = translate_texts(model, tok, src)
    assert all(outs)
    classed = tmp_path / "classed.tsv"
    rows = [f"{src[0]}\t{outs[0]}\ttopic", f"{src[1]}\t{outs[1]}\ttopic"]
    rows += [f"{src[2]}\tQQQQ XXXX ZZZZ\tidioms", f"{src[3]}\tJJJJ WWWW\tidioms"]
    rows += [f"{src[0]}\t{outs[0]}", f"{src[2]}\t{outs[2]}\t"]  # no class: scored together as `unclassed`
    classed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    s = dev_scores(model, tok, {"ding_valid": valid, "everyday_dev": classed})
    assert s["everyday_dev:topic"] == pytest.approx(100.0)
    assert s["everyday_dev:idioms"] < 20
    assert s["everyday_dev:unclassed"] == pytest.approx(100.0)
    assert "ding_valid:unclassed" not in s  # a set without classes has no remainder to report
    assert s["select"] == pytest.approx((s["ding_valid_chrf"] + s["everyday_dev_chrf"]) / 2, abs=0.01)
