"""Special ids are the segmenter's own, per model: a sentencepiece model with sentencepiece's default layout
(unk 0, <s> 1, </s> 2, pad 3) is read as such, and a model configured from it starts, stops and decodes by
those ids (not by 0/1/2/3 as pad/unk/bos/eos)."""

from __future__ import annotations

import sentencepiece as spm
import torch

from transformer.config import ModelConfig
from transformer.model import Transformer
from transformer.tokenizer import Tokenizer, special_ids
from transformer.trace import trace

from .conftest import TINY


def test_a_segmenter_with_other_special_ids_is_read_and_used(tmp_path, sample_pairs):
    text = [p.en for p in sample_pairs] + [p.de for p in sample_pairs]
    spm.SentencePieceTrainer.Train(
        sentence_iterator=iter(text),
        model_prefix=str(tmp_path / "other"),
        vocab_size=300,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=3,
        minloglevel=2,
    )
    tok = Tokenizer(tmp_path / "other.model")
    assert (tok.pad_id, tok.unk_id, tok.bos_id, tok.eos_id) == (3, 0, 1, 2)
    assert tok.id_to_piece([3, 0, 1, 2]) == ["<pad>", "<unk>", "<s>", "</s>"]
    ids = special_ids(tok)
    assert ids["decoder_start_id"] == 1 and ids["never_output"] == (0, 1, 3)

    torch.manual_seed(0)
    model = Transformer(ModelConfig(vocab_size=tok.vocab_size, **ids, **TINY)).eval()
    tr = trace(model, tok, "the old house")
    assert tr.tgt.pieces[0] == "<s>"  # the decoder starts from this segmenter's <s>
    assert all(s.chosen not in ("<pad>", "<unk>", "<s>") for s in tr.steps)
