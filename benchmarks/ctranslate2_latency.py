"""Batch-1 greedy decoding, ours against CTranslate2 (float32 and int8) on the same weights and sentences, in
one run: the anchor for our decoder's speed. Needs `pip install ctranslate2 transformers` (not a requirement
of the app). The shipped model goes through `transformer.marian.export` and CTranslate2's own converter.

Last line: ours_ms=<x> ct2_float32_ms=<y> ct2_int8_ms=<z> ratio_float32=<x/y> ratio_int8=<x/z>
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import torch

from transformer import marian
from transformer.checkpoint import DEFAULT_CHECKPOINT, load
from transformer.decode import greedy_decode
from transformer.translation import encode_source

EVERYDAY = Path(__file__).resolve().parent / "everyday.tsv"


def ct2_ready_folder(model, tokenizer, out: Path) -> None:
    """Our export, laid out as CTranslate2's Marian converter expects: it drops the last vocabulary entry as
    Marian's <pad>, so a zero row named <pad> goes last (ours, id 0, is renamed) and becomes the pad id."""
    marian.export(model, tokenizer, out)
    cfg = json.loads((out / "config.json").read_text())
    vocab = json.loads((out / "vocab.json").read_text())
    vocab = {("<pad0>" if p == "<pad>" else p): i for p, i in vocab.items()}
    pad = len(vocab)
    vocab["<pad>"] = pad
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False))
    state = marian.read_safetensors(out / "model.safetensors")
    state["model.shared.weight"] = torch.cat([state["model.shared.weight"], torch.zeros(1, cfg["d_model"])])
    state["final_logits_bias"] = torch.cat([state["final_logits_bias"], torch.zeros(1, 1)], 1)
    marian.write_safetensors(out / "model.safetensors", state)
    cfg.update(vocab_size=pad + 1, decoder_vocab_size=pad + 1, pad_token_id=pad)
    (out / "config.json").write_text(json.dumps(cfg))


def main() -> None:
    import ctranslate2
    from ctranslate2.converters import TransformersConverter

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", default=str(DEFAULT_CHECKPOINT))
    ap.add_argument("--sentences", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(1)
    model, tok = load(args.checkpoint, "cpu")
    lines = [ln.split("\t")[0] for ln in EVERYDAY.read_text().splitlines() if ln and not ln.startswith("#")]
    lines = lines[: args.sentences]
    ids = [encode_source(tok, s)[0] for s in lines]
    with tempfile.TemporaryDirectory() as tmp:
        ct2_ready_folder(model, tok, Path(tmp) / "hf")
        translators = {}
        for q in ("float32", "int8"):
            TransformersConverter(str(Path(tmp) / "hf")).convert(str(Path(tmp) / q), quantization=q)
            translators[q] = ctranslate2.Translator(str(Path(tmp) / q), device="cpu", intra_threads=1)
        tokens = [tok.id_to_piece(i) for i in ids]
        limit = [min(model.cfg.max_len - 1, int(1.5 * len(i)) + 10) for i in ids]  # ours: max_target_len

        def ours(k: int) -> list[int]:
            return greedy_decode(model, torch.tensor([ids[k]]))[0]

        start = tok.id_to_piece([model.cfg.decoder_start_id])  # its Marian loader starts from </s>, ours from <s>:
        # <s> is given as a one-piece prefix (one forced step more than ours, on positions shifted by one)

        def ct2(q: str, k: int) -> list[str]:
            r = translators[q].translate_batch(
                [tokens[k]], beam_size=1, max_decoding_length=limit[k] + 1, target_prefix=[start]
            )
            return r[0].hypotheses[0][1:]

        for k in range(5):  # warm-up
            ours(k), ct2("float32", k), ct2("int8", k)
        times = {"ours": [], "float32": [], "int8": []}
        same = {"float32": 0, "int8": 0}
        for _ in range(args.repeats):
            for k in range(len(lines)):  # interleaved, so all three see the same load
                t0 = time.perf_counter()
                mine = tok.id_to_piece(i for i in ours(k) if i != model.cfg.eos_id)
                times["ours"].append((time.perf_counter() - t0) * 1000)
                for q in ("float32", "int8"):
                    t0 = time.perf_counter()
                    theirs = ct2(q, k)
                    times[q].append((time.perf_counter() - t0) * 1000)
                    same[q] += theirs == mine
    med = {k: statistics.median(v) for k, v in times.items()}
    n = len(lines) * args.repeats
    print(
        f"{len(lines)} sentences x {args.repeats}, one thread each; identical outputs: "
        + ", ".join(f"{q} {same[q]}/{n}" for q in same)
    )
    print(
        f"ours_ms={med['ours']:.2f} ct2_float32_ms={med['float32']:.2f} ct2_int8_ms={med['int8']:.2f} "
        f"ratio_float32={med['ours'] / med['float32']:.2f} ratio_int8={med['ours'] / med['int8']:.2f}"
    )


if __name__ == "__main__":
    main()
