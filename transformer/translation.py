"""Translation as a library: text in, ids and pieces through the model, German out (greedy, beam, or every step
as a dict). `python -m transformer.translate` is the command line over it."""

from __future__ import annotations

import unicodedata

import torch

from .decode import beam_decode, greedy_decode, greedy_steps
from .model import HeadMask, Transformer
from .tokenizer import Tokenizer

MAX_SRC_TOKENS = 100  # longer input is cut: keeps every chart readable and decoding fast


class EmptyInput(ValueError):
    """Raised for text with nothing to translate."""


def normalize(text: str) -> str:
    """NFKC, control characters dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(text.split())


def encode_source(tokenizer: Tokenizer, text: str, limit: int = MAX_SRC_TOKENS) -> tuple[list[int], bool]:
    """Source ids (cut to `limit`) and whether they were cut. Raises EmptyInput for blank text."""
    text = normalize(text)
    if not text:
        raise EmptyInput("empty input: type an English sentence to translate")
    ids = tokenizer.encode(text)
    if not ids:
        raise EmptyInput("nothing to translate: the text has no pieces")
    suffix = list(tokenizer.source_suffix)  # Marian's sources end with </s>
    return ids[: limit - len(suffix)] + suffix, len(ids) > limit - len(suffix)


def _device(model: Transformer) -> torch.device:
    return next(model.parameters()).device


MAX_BEAM = 16
MAX_TOP_K = 50  # candidates listed per step with --json


def translate_texts(
    model: Transformer,
    tokenizer: Tokenizer,
    texts: list[str],
    batch_size: int = 64,
    beam: int = 1,
    heads: HeadMask | None = None,
    no_loops: bool = True,
) -> list[str]:
    """Translations of many sentences (blank text -> ""): greedy (with the loop rule unless `no_loops` is
    False), batched by length for speed, or with beam search (beam > 1), one sentence at a time. `heads` (one
    row) switches heads off, greedy only."""
    if heads is not None and beam > 1:
        raise ValueError("switching heads off is supported for greedy decoding only")
    encoded = []
    for t in texts:
        try:
            encoded.append(encode_source(tokenizer, t)[0])
        except EmptyInput:
            encoded.append([])
    out = [""] * len(texts)
    if beam > 1:
        for i, ids in enumerate(encoded):
            if ids:
                out[i] = tokenizer.decode(beam_decode(model, torch.tensor([ids], device=_device(model)), beam))
        return out
    order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
    pad = model.cfg.pad_id
    for start in range(0, len(order), batch_size):
        idx = [i for i in order[start : start + batch_size] if encoded[i]]
        if not idx:
            continue
        S = max(len(encoded[i]) for i in idx)
        src = torch.full((len(idx), S), pad, dtype=torch.long)
        for b, i in enumerate(idx):
            src[b, : len(encoded[i])] = torch.tensor(encoded[i])
        for i, ids in zip(idx, greedy_decode(model, src.to(_device(model)), heads=heads, no_loops=no_loops)):
            out[i] = tokenizer.decode(ids)
    return out


def translate_json(model: Transformer, tokenizer: Tokenizer, text: str, top_k: int = 5, no_loops: bool = True) -> dict:
    """Pieces of both sides and every decoding step with its top-k candidates (and, where the loop rule
    refused the most probable piece, `"loop_blocked"`: that piece)."""
    ids, cut = encode_source(tokenizer, text)
    src = torch.tensor([ids], device=_device(model))
    steps, out_ids = [], []
    for s in greedy_steps(model, src, top_k=top_k, no_loops=no_loops):
        chosen = int(s.chosen[0])
        blocked = {"loop_blocked": tokenizer.id_to_piece([int(s.greedy[0])])[0]} if chosen != int(s.greedy[0]) else {}
        steps.append(
            {
                "position": s.position,
                "prefix": tokenizer.id_to_piece(s.prefix[0].tolist()),
                "top_k": [
                    {"piece": p, "id": int(i), "prob": round(float(q), 5)}
                    for p, i, q in zip(tokenizer.id_to_piece(s.top_ids[0].tolist()), s.top_ids[0], s.top_probs[0])
                ],
                "chosen": tokenizer.id_to_piece([chosen])[0],
                **blocked,
            }
        )
        if chosen != model.cfg.eos_id:
            out_ids.append(chosen)
    return {
        "source": text,
        "source_pieces": tokenizer.id_to_piece(ids),
        "source_ids": ids,
        "truncated": cut,
        "target_pieces": tokenizer.id_to_piece(out_ids),
        "target_ids": out_ids,
        "translation": tokenizer.decode(out_ids),
        "steps": steps,
    }
