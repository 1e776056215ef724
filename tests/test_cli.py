"""The command-line paths a user takes: translate (text, stdin, --json) and its error paths."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from transformer import translate


def run(argv, capsys, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    code = translate.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_input_exits_2_with_one_line(tiny_checkpoint, capsys, text):
    code, out, err = run([text, "--checkpoint", str(tiny_checkpoint)], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "empty" in err


def test_empty_stdin_exits_2(tiny_checkpoint, capsys, monkeypatch):
    code, _, err = run(["--checkpoint", str(tiny_checkpoint)], capsys, stdin="\n  \n", monkeypatch=monkeypatch)
    assert code == 2 and "empty" in err


@pytest.mark.parametrize("text", ["I ❤️ pizza 🍕", "我爱你", "<b>bold</b> & <script>alert(1)</script>", "word " * 1000])
def test_odd_input_translates_without_traceback(tiny_checkpoint, capsys, text):
    code, out, err = run([text, "--checkpoint", str(tiny_checkpoint)], capsys)
    assert code == 0 and len(out.splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv, stdin",
    [
        (["<b>bold</b> & 我爱你 🍕"], None),
        ([], b"\xff\xfe\x00Hello \xc3(\n\x80the cat\n"),
        (["x", "--top-k", "0", "--json"], None),
    ],
)
def test_the_command_itself_never_prints_a_traceback(tiny_checkpoint, argv, stdin):
    """As a user runs it, in its own process: only there would a traceback reach the terminal."""
    done = subprocess.run(
        [sys.executable, "-m", "transformer.translate", *argv, "--checkpoint", str(tiny_checkpoint)],
        input=stdin,
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert b"Traceback" not in done.stderr and done.returncode in (0, 2), done.stderr.decode()[-500:]


def test_long_input_is_cut_with_a_warning(tiny_checkpoint, capsys):
    _, _, err = run(["word " * 1000, "--checkpoint", str(tiny_checkpoint)], capsys)
    assert f"cut to the first {translate.MAX_SRC_TOKENS} pieces" in err


def test_stdin_gives_one_line_per_line(tiny_checkpoint, capsys, monkeypatch):
    code, out, _ = run(
        ["--checkpoint", str(tiny_checkpoint)], capsys, stdin="Hello.\n\nThe cat sleeps.\n", monkeypatch=monkeypatch
    )
    assert code == 0 and len(out.split("\n")) - 1 == 3


def test_json_has_pieces_and_steps(tiny_checkpoint, capsys):
    code, out, _ = run(
        ["The weather is nice today.", "--json", "--top-k", "3", "--checkpoint", str(tiny_checkpoint)], capsys
    )
    d = json.loads(out)
    assert code == 0 and d["source_pieces"] and d["steps"]
    step = d["steps"][0]
    assert len(step["top_k"]) == 3 and step["prefix"] == ["<s>"]
    assert step["chosen"] == step["top_k"][0]["piece"]
    assert step["top_k"][0]["prob"] >= step["top_k"][1]["prob"]


def test_missing_checkpoint_says_what_to_run(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "transformer.translate", "Hello", "--checkpoint", str(tmp_path / "x")],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "python -m transformer.train" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_beam_flag_translates_and_rejects_bad_sizes(tiny_checkpoint, capsys):
    code, out, _ = run(["The cat sleeps.", "--beam", "3", "--checkpoint", str(tiny_checkpoint)], capsys)
    assert code == 0 and len(out.splitlines()) == 1
    code, out, err = run(["The cat sleeps.", "--beam", "0", "--checkpoint", str(tiny_checkpoint)], capsys)
    assert code == 2 and out == "" and "--beam" in err and "Traceback" not in err
    code, _, err = run(["The cat sleeps.", "--beam", "3", "--json", "--checkpoint", str(tiny_checkpoint)], capsys)
    assert code == 2 and "greedy" in err


@pytest.mark.parametrize(
    "flags, says",
    [
        (["--device", "banana"], "unknown device"),
        (["--device", "cuda"], "no usable GPU"),
        (["--json", "--top-k", "0"], "--top-k"),
        (["--json", "--top-k", "-1"], "--top-k"),
        (["--json", "--top-k", "100000"], "--top-k"),
    ],
)
def test_bad_options_get_one_clear_line(tiny_checkpoint, capsys, flags, says):
    if "cuda" in flags:
        import torch

        if torch.cuda.is_available():
            pytest.skip("this machine has a GPU")
    code, out, err = run(["The cat sleeps.", *flags, "--checkpoint", str(tiny_checkpoint)], capsys)
    assert code in (1, 2) and out == "" and says in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_binary_stdin_translates_without_traceback(tiny_checkpoint, capsys, monkeypatch):
    binary = io.TextIOWrapper(io.BytesIO(b"\xff\xfe\x00Hello \xc3(\n\x80the cat\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", binary)
    code = translate.main(["--checkpoint", str(tiny_checkpoint)])
    out = capsys.readouterr()
    assert code == 0 and len(out.out.splitlines()) == 2 and "Traceback" not in out.err


def test_a_folder_or_file_that_is_no_checkpoint_gets_the_right_advice(tiny_checkpoint, capsys, tmp_path):
    """/etc is not a checkpoint and model.pt is a file: neither is told to `git checkout` a shipped model."""
    code, _, err = run(["Hello.", "--checkpoint", "/etc"], capsys)
    assert code == 1 and "not a checkpoint folder" in err and "git checkout" not in err
    code, _, err = run(["Hello.", "--checkpoint", str(tiny_checkpoint / "model.pt")], capsys)
    assert code == 1 and "is a file" in err and "git checkout" not in err
    half = tmp_path / "my-run"
    half.mkdir()
    (half / "config.json").write_text((tiny_checkpoint / "config.json").read_text())
    code, _, err = run(["Hello.", "--checkpoint", str(half)], capsys)
    assert code == 1 and "no model.pt" in err and "python -m transformer.train" in err and "git checkout" not in err
    assert str(tmp_path) not in err  # no server paths


def test_top_k_without_json_is_refused(tiny_checkpoint, capsys):
    code, out, err = run(["Hello.", "--top-k", "7", "--checkpoint", str(tiny_checkpoint)], capsys)
    assert code == 2 and out == "" and "--json" in err
    code, out, _ = run(["Hello.", "--top-k", "7", "--json", "--checkpoint", str(tiny_checkpoint)], capsys)
    assert code == 0 and len(json.loads(out)["steps"][0]["top_k"]) == 7
