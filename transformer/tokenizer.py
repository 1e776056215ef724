"""Thin sentencepiece wrapper: one joint English+German vocabulary with explicit special ids."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import sentencepiece as spm

PAD, UNK, BOS, EOS = 0, 1, 2, 3


class Tokenizer:
    """Encode text to ids and pieces, decode ids to text; pad/unk/bos/eos are 0/1/2/3."""

    def __init__(self, model_file: Path | str | None = None, model_proto: bytes | None = None):
        self.sp = spm.SentencePieceProcessor()
        if model_proto is not None:
            self.sp.LoadFromSerializedProto(model_proto)
        else:
            self.sp.Load(str(model_file))
        assert (self.sp.pad_id(), self.sp.unk_id(), self.sp.bos_id(), self.sp.eos_id()) == (PAD, UNK, BOS, EOS)

    pad_id, unk_id, bos_id, eos_id = PAD, UNK, BOS, EOS

    @property
    def vocab_size(self) -> int:
        return self.sp.GetPieceSize()

    def encode(self, text: str) -> list[int]:
        return self.sp.EncodeAsIds(text)

    def pieces(self, text: str) -> list[str]:
        return self.sp.EncodeAsPieces(text)

    def id_to_piece(self, ids: Iterable[int]) -> list[str]:
        return [self.sp.IdToPiece(int(i)) for i in ids]

    def decode(self, ids: Iterable[int]) -> str:
        return self.sp.DecodeIds([int(i) for i in ids if int(i) not in (PAD, BOS, EOS)])

    def serialized(self) -> bytes:
        return self.sp.serialized_model_proto()


def train(sentences: Iterable[str], model_prefix: Path | str, vocab_size: int = 8000) -> Tokenizer:
    """Train a joint unigram model on the given text (training split only) and load it."""
    text = io.BytesIO()
    for s in sentences:
        text.write(s.replace("\n", " ").encode("utf-8") + b"\n")
    spm.SentencePieceTrainer.Train(
        sentence_iterator=iter(text.getvalue().decode("utf-8").splitlines()),
        model_prefix=str(model_prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=0.9995,
        pad_id=PAD,
        unk_id=UNK,
        bos_id=BOS,
        eos_id=EOS,
        input_sentence_size=2_000_000,
        shuffle_input_sentence=True,
        byte_fallback=False,
        minloglevel=2,
    )
    return Tokenizer(f"{model_prefix}.model")
