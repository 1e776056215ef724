"""Segmenters and the id map: ours, one joint English+German sentencepiece model whose ids are the
model's; Marian's (opus-mt), a source and a target sentencepiece model over one vocabulary (vocab.json)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path

import sentencepiece as spm

PAD, UNK, BOS, EOS = 0, 1, 2, 3  # the ids `train` gives the special pieces (a loaded model says its own)


class Tokenizer:
    """Encode text to ids and pieces, decode ids to text. The special ids are the segmenter's own (0/1/2/3 in
    every model `train` writes; read from the model, never assumed)."""

    def __init__(self, model_file: Path | str | None = None, model_proto: bytes | None = None):
        self.sp = spm.SentencePieceProcessor()
        if model_proto is not None:
            self.sp.LoadFromSerializedProto(model_proto)
        else:
            self.sp.Load(str(model_file))
        self.pad_id, self.unk_id, self.bos_id, self.eos_id = (
            self.sp.pad_id(), self.sp.unk_id(), self.sp.bos_id(), self.sp.eos_id()
        )  # fmt: skip
        if min(self.pad_id, self.bos_id, self.eos_id) < 0:
            raise ValueError("this sentencepiece model has no pad, <s> or </s> piece: the translator needs all three")

    source_suffix: tuple[int, ...] = ()  # ids appended to every source sentence (none: the model was trained so)

    @property
    def vocab_size(self) -> int:
        return self.sp.GetPieceSize()

    def encode(self, text: str) -> list[int]:
        return self.sp.EncodeAsIds(text)

    def pieces(self, text: str) -> list[str]:
        return self.sp.EncodeAsPieces(text)

    def encode_target(self, text: str) -> list[int]:
        """A reference translation's ids (one joint segmenter: the same as encode)."""
        return self.sp.EncodeAsIds(text)

    def id_to_piece(self, ids: Iterable[int]) -> list[str]:
        return [self.sp.IdToPiece(int(i)) for i in ids]

    def decode(self, ids: Iterable[int]) -> str:
        special = (self.pad_id, self.bos_id, self.eos_id)
        return self.sp.DecodeIds([int(i) for i in ids if int(i) not in special])

    def serialized(self) -> bytes:
        return self.sp.serialized_model_proto()


class MarianTokenizer:
    """A Hugging Face Marian folder's segmentation: English pieces from `source.spm`, German pieces from
    `target.spm`, and one id for each piece from `vocab.json` (the model's ids; a piece it lacks is <unk>).
    Sources end with </s>, as MarianTokenizer writes them."""

    def __init__(self, source_spm: Path | bytes, target_spm: Path | bytes, vocab: dict[str, int], pad: str = "<pad>"):
        self.source, self.target = _processor(source_spm), _processor(target_spm)
        self.vocab = dict(vocab)
        self.pieces_ = {i: p for p, i in self.vocab.items()}
        self.unk_id, self.eos_id, self.pad_id = self.vocab["<unk>"], self.vocab["</s>"], self.vocab[pad]
        self.bos_id = self.pad_id  # Marian has no <s>: the decoder starts from the pad id
        self.source_suffix = (self.eos_id,)

    @classmethod
    def from_folder(cls, path: Path) -> MarianTokenizer:
        vocab = json.loads((Path(path) / "vocab.json").read_text(encoding="utf-8"))
        return cls(Path(path) / "source.spm", Path(path) / "target.spm", vocab)

    @property
    def vocab_size(self) -> int:
        return max(self.pieces_) + 1

    def pieces(self, text: str) -> list[str]:
        return self.source.EncodeAsPieces(text)

    def encode(self, text: str) -> list[int]:
        return [self.vocab.get(p, self.unk_id) for p in self.pieces(text)]

    def encode_target(self, text: str) -> list[int]:
        """A reference translation's ids: pieces from `target.spm`, ids from the shared vocabulary."""
        return [self.vocab.get(p, self.unk_id) for p in self.target.EncodeAsPieces(text)]

    def id_to_piece(self, ids: Iterable[int]) -> list[str]:
        return [self.pieces_.get(int(i), "<unk>") for i in ids]

    def decode(self, ids: Iterable[int]) -> str:
        special = (self.pad_id, self.eos_id)
        return self.target.DecodePieces(self.id_to_piece(i for i in ids if int(i) not in special))

    def serialized(self) -> bytes:
        vocab = json.dumps(self.vocab, sort_keys=True).encode()
        return b"\0".join((self.source.serialized_model_proto(), self.target.serialized_model_proto(), vocab))


def special_ids(tokenizer) -> dict:
    """The ModelConfig fields a tokenizer decides: its special ids, the decoder's start piece (<s>) and the ids
    decoding never chooses (pad, unk, <s>)."""
    t = tokenizer
    return dict(
        pad_id=t.pad_id,
        unk_id=t.unk_id,
        bos_id=t.bos_id,
        eos_id=t.eos_id,
        decoder_start_id=t.bos_id,
        never_output=tuple(sorted({t.pad_id, t.unk_id, t.bos_id})),
    )


def _processor(model: Path | bytes) -> spm.SentencePieceProcessor:
    sp = spm.SentencePieceProcessor()
    if isinstance(model, bytes):
        sp.LoadFromSerializedProto(model)
    else:
        sp.Load(str(model))
    return sp


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
