"""`python -m transformer.train` end to end on a tiny model: it trains, evaluates, saves, continues."""

from __future__ import annotations

import json

import torch

from transformer import checkpoint
from transformer.dataset import prepare, write_tsv
from transformer.train import main as train_main
from transformer.translate import translate_texts

from .conftest import SAMPLE

TINY = [
    "--d-model",
    "32",
    "--n-layers",
    "1",
    "--d-ff",
    "64",
    "--vocab-size",
    "300",
    "--valid-size",
    "10",
    "--max-tokens",
    "400",
    "--warmup",
    "20",
    "--dtype",
    "fp32",
]


def test_train_saves_a_loadable_checkpoint_and_continues(tmp_path):
    d = prepare(SAMPLE, n_phrases=300, n_test=20, n_valid=10, log=lambda _: None)
    data = tmp_path / "data"
    write_tsv(data / "train.tsv", d["train_sentences"] + d["train_phrases"])
    write_tsv(data / "valid.tsv", d["valid"])
    out = tmp_path / "ckpt"
    args = [
        "--data",
        str(data),
        "--out",
        str(out),
        "--max-minutes",
        "0.1",
        "--eval-every-min",
        "0.05",
        "--average",
        "2",
        "--mix",
        "ding_phrases=1,generated=0",
    ]
    train_main([*args, *TINY])
    rows = [json.loads(x) for x in (out / "metrics.jsonl").read_text().splitlines()]
    evals = [r for r in rows if "valid_loss" in r]
    assert rows[0]["event"] == "start" and evals and all(r["valid_loss"] > 0 for r in evals)
    assert dict(rows[0]["train"]["mix"])["ding_phrases"] == 1.0  # the mix is recorded with the run
    # every setting of the run (config.TrainRun), as the command line gave it
    assert rows[0]["run"]["max_minutes"] == 0.1 and rows[0]["run"]["average"] == 2 and rows[0]["run"]["out"] == str(out)
    assert len(evals) >= 2 and all(r["avg2_valid_loss"] > 0 for r in evals[1:])  # the averaged weights were scored
    model, tok = checkpoint.load(out, "cpu")
    assert len(translate_texts(model, tok, ["The cat is sleeping.", ""])) == 2
    first = json.loads((out / "training.json").read_text())
    checkpoint.load(out / "last", "cpu")  # the latest evaluated weights, kept whatever they scored
    last_state = json.loads((out / "last" / "training.json").read_text())
    assert last_state["minutes"] == evals[-1]["minutes"] and last_state["updates"] == evals[-1]["step"]

    out2 = tmp_path / "ckpt2"
    train_main(
        [
            "--data",
            str(data),
            "--out",
            str(out2),
            "--init-from",
            str(out),
            "--max-minutes",
            "0.05",
            "--eval-every-min",
            "0.02",
            "--dropout",
            "0.3",
            *TINY,
        ]
    )
    start = [json.loads(x) for x in (out2 / "metrics.jsonl").read_text().splitlines() if '"event"' in x][-1]
    assert start["model"]["dropout"] == 0.3  # a continued run may regularise harder
    rows2 = [json.loads(x) for x in (out2 / "metrics.jsonl").read_text().splitlines()]
    assert rows2[: len(rows)] == rows  # the history travels with the weights
    later = [r for r in rows2[len(rows) :] if "minutes" in r]
    assert later and later[-1]["minutes"] > first["minutes"]  # training time is cumulative

    out3 = tmp_path / "ckpt3"  # continuing from a run's latest weights (<run>/last) keeps that run's history
    train_main(["--data", str(data), "--out", str(out3), "--init-from", str(out / "last"), "--max-minutes", "0.02",
                "--eval-every-min", "0.01", *TINY])  # fmt: skip
    rows3 = [json.loads(x) for x in (out3 / "metrics.jsonl").read_text().splitlines()]
    assert rows3[: len(rows)] == rows


def test_average_states_is_the_elementwise_mean():
    a = {"w": torch.tensor([1.0, 2.0]), "b": torch.tensor([0.0])}
    b = {"w": torch.tensor([3.0, 6.0]), "b": torch.tensor([1.0])}
    mean = checkpoint.average_states([a, b])
    assert torch.equal(mean["w"], torch.tensor([2.0, 4.0])) and torch.equal(mean["b"], torch.tensor([0.5]))
