"""Cleaning the Ding dictionary, the deterministic split, and batching."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from transformer.dataset import (
    Pair,
    clean,
    collate,
    epoch_indices,
    group,
    is_sentence,
    parse_line,
    parse_mix,
    prepare,
    read_tsv,
    token_batches,
    write_tsv,
)

from .conftest import SAMPLE

ROOT = Path(__file__).resolve().parent.parent


def test_clean_strips_tags_parentheses_and_alternatives():
    assert clean("Aalleiter {f}; (Wasserbau) [techn.]") == "Aalleiter"
    assert clean("It was sheer/pure coincidence.") == "It was sheer coincidence."
    assert clean("This argument is pure / arrant rhetoric.") == "This argument is pure rhetoric."
    assert clean("Genfer Flüchtlingskonvention {f} /GFK/ [pol.]") == "Genfer Flüchtlingskonvention"
    assert clean("sheer; pure <purer> <purest>") == "sheer; pure"


def test_parse_line_pairs_senses_and_adds_articles():
    line = "Katze {f} | Katzen {pl} | Die Katze schläft. :: cat | cats | The cat is sleeping."
    pairs = list(parse_line(line))
    assert Pair("cat", "Katze", False) in pairs
    assert Pair("the cat", "die Katze", False) in pairs
    assert Pair("the cats", "die Katzen", False) in pairs
    assert Pair("The cat is sleeping.", "Die Katze schläft.", True) in pairs
    assert list(parse_line("a | b :: only one sense")) == []  # sense counts must match
    assert list(parse_line("# comment :: line")) == []


def test_is_sentence():
    assert is_sentence("Das ist blanker Unsinn.")
    assert not is_sentence("to exhaust")
    assert not is_sentence("Stop!")  # too short to count as an example sentence


def test_split_is_deterministic_and_disjoint(tmp_path):
    logs = []
    a = prepare(SAMPLE, n_phrases=500, n_test=40, n_valid=20, log=logs.append)
    b = prepare(SAMPLE, n_phrases=500, n_test=40, n_valid=20, log=lambda _: None)
    assert [p.en for p in a["test"]] == [p.en for p in b["test"]]
    assert len(a["test"]) == 40 and len(a["valid"]) == 20
    held = {p.en.lower() for p in a["test"] + a["valid"]}
    train = {p.en.lower() for p in a["train_sentences"] + a["train_phrases"]}
    assert not held & train
    assert not {p.en.lower() for p in a["test"]} & {p.en.lower() for p in a["valid"]}
    assert all(p.sentence for p in a["test"] + a["valid"])
    assert any("after deduplication" in line for line in logs)  # counts printed per step


def test_shipped_splits_are_disjoint_when_prepared():
    """Checks the real data/ folder when `python -m transformer.data` has been run here."""
    data = ROOT / "data"
    if not (data / "train.tsv").exists():
        pytest.skip("data/ not prepared on this machine (needs the trans-de-en package)")
    from transformer.corpus.build import key

    train = {key(p.en) for p in read_tsv(data / "train.tsv")}
    test, valid = read_tsv(data / "test.tsv"), read_tsv(data / "valid.tsv")
    assert len(test) == 1000 and len(valid) == 500
    assert not train & {key(p.en) for p in test + valid}
    for name in EVERYDAY_SETS:
        assert not train & {key(r[0]) for r in everyday_rows(name)}, name


EVERYDAY_SETS = ("everyday.tsv", "everyday_dev.tsv")  # report set, and the dev set used to choose weights


def test_the_corpus_command_keeps_held_out_sentences_out_of_training(tmp_path):
    """`python -m transformer.data` end to end on a fresh clone (no Debian package, no download): the shipped
    Ding excerpt plus one line carrying everyday-set sentences, plus generated sentences. Test, validation and
    everyday sentences must all stay out of train.tsv."""
    from transformer.corpus.build import key

    report, dev = everyday_rows("everyday.tsv")[0], everyday_rows("everyday_dev.tsv")[0]
    ding = tmp_path / "ding.txt"
    sample = (ROOT / "tests" / "data" / "ding_sample.txt").read_text(encoding="utf-8")
    seeds = (ROOT / "tests" / "data" / "ding_seed_nouns.txt").read_text(encoding="utf-8")
    trap = f"Beispiel {{n}} | {report[1]} | {dev[1]} :: example | {report[0]} | {dev[0]}\n"
    ding.write_text(sample + seeds + trap, encoding="utf-8")
    out = tmp_path / "data"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "transformer.data",
            "--ding",
            str(ding),
            "--sources",
            "none",
            "--generated",
            "300",
            "--out",
            str(out),
            "--vocab-size",
            "300",
            "--test-size",
            "20",
            "--valid-size",
            "10",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-1000:]
    train = {key(p.en) for p in read_tsv(out / "train.tsv")}
    held = {key(p.en) for p in read_tsv(out / "test.tsv") + read_tsv(out / "valid.tsv")}
    assert train and held and not train & held
    assert key(report[0]) not in train | held and key(dev[0]) not in train | held  # dropped, not just split off
    assert len(train) > 100 and len(held) == 30
    assert any(p.source == "generated" for p in read_tsv(out / "train.tsv"))


def everyday_rows(name: str) -> list[list[str]]:
    text = (ROOT / "benchmarks" / name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln and not ln.startswith("#")]


@pytest.mark.parametrize("name", EVERYDAY_SETS)
def test_everyday_set_is_large_and_well_formed(name):
    rows = everyday_rows(name)
    assert len(rows) >= (300 if name == "everyday_dev.tsv" else 100)
    assert all(len(r) in (2, 3) and r[0] and r[1] for r in rows)
    assert {r[2] for r in rows if len(r) == 3} <= {"topic", "idioms", "particles", "senses"}
    assert len({r[0] for r in rows}) == len(rows)


def test_everyday_dev_set_is_apart_from_the_report_set():
    report = {r[0].lower() for r in everyday_rows("everyday.tsv")}
    assert not report & {r[0].lower() for r in everyday_rows("everyday_dev.tsv")}


def test_token_batches_cover_every_example_once_within_budget():
    examples = [([5] * (i % 17 + 1), [6] * (i % 11 + 1)) for i in range(500)]
    batches = token_batches(examples, max_tokens=120, shuffle=True, seed=1)
    assert sorted(i for b in batches for i in b) == list(range(500))
    for b in batches:
        longest = max(len(examples[i][0]) + len(examples[i][1]) for i in b)
        assert longest * len(b) <= 120 or len(b) == 1


def test_collate_shifts_target_by_one():
    src, tgt_in, tgt_out = collate([([7, 8, 9], [10, 11])], [0], pad_id=0, bos_id=2, eos_id=3)
    assert src.tolist() == [[7, 8, 9]]
    assert tgt_in.tolist() == [[2, 10, 11]] and tgt_out.tolist() == [[10, 11, 3]]
    assert tgt_in.dtype == torch.long


def test_pairs_keep_their_source_through_tsv_and_fall_into_groups(tmp_path):
    pairs = [
        Pair("The cat sleeps.", "Die Katze schläft.", True),
        Pair("cat", "Katze", False),
        Pair("Where am I?", "Wo bin ich?", True, "fillets"),
        Pair("Click OK.", "Klicken Sie auf OK.", True, "libreoffice_help"),
        Pair("I read a book.", "Ich lese ein Buch.", True, "generated"),
    ]
    write_tsv(tmp_path / "t.tsv", pairs)
    assert read_tsv(tmp_path / "t.tsv") == pairs
    assert [group(p) for p in pairs] == ["ding_sentences", "ding_phrases", "dialogue", "help", "generated"]


def test_epoch_mix_repeats_whole_weights_and_samples_fractions():
    groups = ["a"] * 1000 + ["b"] * 1000 + ["c"] * 1000
    idx = epoch_indices(groups, {"a": 2.0, "b": 0.25, "c": 0.0}, random.Random(0))
    counts = [sum(1 for i in idx if groups[i] == g) for g in "abc"]
    assert counts[0] == 2000 and 200 < counts[1] < 300 and counts[2] == 0
    assert all(idx.count(i) == 2 for i in range(0, 1000, 97))
    assert parse_mix("generated=0")["generated"] == 0.0
    with pytest.raises(ValueError, match="unknown mix group"):
        parse_mix("nonsense=1")
