"""`python -m transformer.train` under torchrun with two gloo ranks on the CPU: each rank trains on its share of
every epoch's batches, the ranks' weights stay identical, rank 0 alone writes, and the checkpoint loads and
continues with one rank."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from transformer import checkpoint
from transformer.dataset import prepare, write_tsv
from transformer.tokenizer import train as train_tokenizer

from .conftest import SAMPLE
from .test_train import TINY


def test_two_gloo_ranks_train_one_model_and_rank_0_writes_it(tmp_path):
    d = prepare(SAMPLE, n_phrases=300, n_test=20, n_valid=10, log=lambda _: None)
    data = tmp_path / "data"
    write_tsv(data / "train.tsv", d["train_sentences"] + d["train_phrases"])
    write_tsv(data / "valid.tsv", d["valid"])
    pairs = d["train_sentences"] + d["train_phrases"]
    train_tokenizer([p.en for p in pairs] + [p.de for p in pairs], tmp_path / "spm", 300)
    out = tmp_path / "ddp"
    args = ["--data", str(data), "--out", str(out), "--tokenizer", str(tmp_path / "spm.model")]
    args += ["--max-minutes", "0.15", "--eval-every-min", "0.07", "--mix", "ding_phrases=1,generated=0"]
    args += [a for a in TINY if a not in ("--vocab-size", "300")]
    done = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2"]
        + ["-m", "transformer.train", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={"OMP_NUM_THREADS": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": "."},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    # the two ranks print at the same moment and their lines can run together: the digest is 16 hex digits
    ranks = dict(re.findall(r"rank (\d) of 2: \d+ updates, weights ([0-9a-f]{16})", done.stdout))
    assert set(ranks) == {"0", "1"} and ranks["0"] == ranks["1"], done.stdout[-2000:]  # one model on both ranks
    rows = [json.loads(x) for x in (out / "metrics.jsonl").read_text().splitlines()]
    assert rows[0]["event"] == "start" and rows[0]["ranks"] == 2
    assert sum(1 for r in rows if r.get("event") == "start") == 1  # rank 0 alone writes
    assert [r for r in rows if "valid_loss" in r]
    model, _ = checkpoint.load(out / "last", "cpu")
    assert checkpoint.load(out, "cpu")[0].cfg == model.cfg
    # and a run on one rank continues it
    from transformer.train import main as train_main

    train_main(
        ["--data", str(data), "--out", str(tmp_path / "one"), "--init-from", str(out / "last")]
        + ["--max-minutes", "0.02", "--valid-size", "10", "--dtype", "fp32"]
    )
    assert checkpoint.load(tmp_path / "one", "cpu")[0].cfg == model.cfg
