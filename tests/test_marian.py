"""Hugging Face MarianMT folders through this project, proven against `transformers` itself (an independent
implementation: the oracle). Tiny Marian models are built by transformers, trained for a few hundred steps
on a few sentences (so their choices depend on the source), their LayerNorms, biases and final_logits_bias
perturbed (so a wrong mapping cannot hide), saved with `save_pretrained` beside sentencepiece models trained
here, and opened through `checkpoint.load` like any folder. Nothing is downloaded."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import sentencepiece as spm
import torch

transformers = pytest.importorskip("transformers")
from transformers import MarianConfig, MarianMTModel  # noqa: E402

from transformer import checkpoint  # noqa: E402
from transformer import marian as marian_mod  # noqa: E402
from transformer.decode import greedy_decode  # noqa: E402
from transformer.trace import trace  # noqa: E402
from transformer.translation import encode_source  # noqa: E402

PAIRS = [
    ("The cat sleeps.", "Die Katze schläft."),
    ("The dog sleeps.", "Der Hund schläft."),
    ("The cat eats.", "Die Katze frisst."),
    ("The dog eats.", "Der Hund frisst."),
    ("A child reads.", "Ein Kind liest."),
    ("The child reads a book.", "Das Kind liest ein Buch."),
    ("I am here.", "Ich bin hier."),
    ("We are there.", "Wir sind dort."),
]
SIZES = {
    "swish-small": dict(d_model=32, layers=2, heads=4, ffn=64, activation="swish"),
    "relu-wider": dict(d_model=48, layers=3, heads=6, ffn=96, activation="relu"),
}


def _spm(tmp_path, name: str, lines: list[str]) -> spm.SentencePieceProcessor:
    spm.SentencePieceTrainer.Train(
        sentence_iterator=iter(lines * 20),
        model_prefix=str(tmp_path / name),
        vocab_size=40,
        model_type="unigram",
        character_coverage=1.0,
        bos_id=-1,
        eos_id=-1,
        pad_id=-1,
        unk_id=0,
        minloglevel=2,
        hard_vocab_limit=False,
    )
    (tmp_path / f"{name}.model").rename(tmp_path / f"{name}.spm")
    return spm.SentencePieceProcessor(model_file=str(tmp_path / f"{name}.spm"))


def build_marian_folder(tmp_path, d_model, layers, heads, ffn, activation, seed=0):
    """A trained, perturbed Marian model saved as transformers saves it, with its segmenters and vocab."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    src_sp, tgt_sp = _spm(tmp_path, "source", [e for e, _ in PAIRS]), _spm(tmp_path, "target", [g for _, g in PAIRS])
    vocab = {"</s>": 0, "<unk>": 1}
    for sp in (src_sp, tgt_sp):
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    pad = vocab.setdefault("<pad>", len(vocab))
    (tmp_path / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False))
    V = len(vocab)
    torch.manual_seed(seed)
    hf = MarianConfig(
        vocab_size=V,
        decoder_vocab_size=V,
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_position_embeddings=64,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        activation_function=activation,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        dropout=0.0,
        attention_dropout=0.0,
        activation_dropout=0.0,
    )
    model = MarianMTModel(hf)

    def ids(sp, text):
        return [vocab.get(p, 1) for p in sp.encode_as_pieces(text)] + [0]

    src = [ids(src_sp, e) for e, _ in PAIRS]
    tgt = [ids(tgt_sp, g) for _, g in PAIRS]
    S, T = max(map(len, src)), max(map(len, tgt))
    input_ids = torch.tensor([s + [pad] * (S - len(s)) for s in src])
    labels = torch.tensor([t + [-100] * (T - len(t)) for t in tgt])
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    model.train()
    for _ in range(200):
        loss = model(input_ids=input_ids, attention_mask=input_ids != pad, labels=labels).loss
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():  # a wrong mapping of any of these must show in the logits
        for name, p in model.named_parameters():
            if "layer_norm" in name or name.endswith("bias"):
                p.add_(torch.randn_like(p) * 0.05)
        model.final_logits_bias.add_(torch.randn_like(model.final_logits_bias) * 0.5)
    model.save_pretrained(tmp_path)
    return tmp_path, model, loss.item()


@pytest.fixture(scope="module", params=list(SIZES))
def marian(request, tmp_path_factory):
    folder, hf_model, loss = build_marian_folder(tmp_path_factory.mktemp(request.param), **SIZES[request.param])
    assert loss < 0.5, loss  # it learned the pairs, so its output depends on the source
    ours, tok = checkpoint.load(folder, "cpu")
    hf_eager = MarianMTModel.from_pretrained(folder, attn_implementation="eager").eval()
    return folder, hf_eager, ours, tok


def _src(tok, text) -> torch.Tensor:
    return torch.tensor([encode_source(tok, text)[0]])


def test_the_folder_reads_as_marian_describes_it(marian):
    folder, hf, ours, tok = marian
    cfg, hc = ours.cfg, hf.config
    assert (cfg.d_model, cfg.n_layers, cfg.n_heads, cfg.d_ff) == (
        hc.d_model,
        hc.encoder_layers,
        hc.encoder_attention_heads,
        hc.encoder_ffn_dim,
    )
    assert cfg.activation == ("swish" if hc.activation_function == "swish" else hc.activation_function)
    assert cfg.positional == "sinusoidal_halves" and cfg.output_bias and not cfg.norm_first
    assert cfg.decoder_start_id == cfg.pad_id == hc.pad_token_id and cfg.never_output == (hc.pad_token_id,)
    assert encode_source(tok, "The cat sleeps.")[0][-1] == hc.eos_token_id  # sources end with </s>


def test_teacher_forced_logits_equal_transformers(marian):
    _, hf, ours, tok = marian
    for en, de in PAIRS + [("The child sleeps here.", "Das Kind schläft hier.")]:
        src = _src(tok, en)
        tgt = torch.tensor(
            [[ours.cfg.decoder_start_id] + [tok.vocab.get(p, 1) for p in tok.target.encode_as_pieces(de)]]
        )
        with torch.no_grad():
            theirs = hf(input_ids=src, decoder_input_ids=tgt).logits
            for explain in (False, True):
                torch.testing.assert_close(ours(src, tgt, explain=explain), theirs, atol=1e-5, rtol=1e-5)


def test_greedy_output_equals_generate_and_the_trace_checks_itself(marian):
    _, hf, ours, tok = marian
    outputs = set()
    for en, _ in PAIRS[:6] + [("The cat reads.", "")]:
        src = _src(tok, en)
        with torch.no_grad():
            theirs = hf.generate(src, num_beams=1, do_sample=False, max_new_tokens=30, bad_words_ids=[[tok.pad_id]])
        mine = greedy_decode(ours, src)[0]
        assert [tok.pad_id, *mine, tok.eos_id] == theirs[0].tolist()
        tr = trace(ours, tok, en)  # raises TraceMismatch if the explaining pass disagrees with decoding
        assert tr.translation == tok.decode(mine)
        outputs.add(tr.translation)
    assert len(outputs) >= 4  # what it writes depends on the source


def test_every_attention_map_equals_transformers_output_attentions(marian):
    _, hf, ours, tok = marian
    tr = trace(ours, tok, "The child reads a book.")
    src = torch.tensor([tr.src.ids])
    tgt = torch.tensor([tr.tgt.ids])
    with torch.no_grad():
        out = hf(input_ids=src, decoder_input_ids=tgt, output_attentions=True)
    for kind, mine, theirs in (
        ("encoder", tr.encoder, out.encoder_attentions),
        ("decoder", tr.decoder, out.decoder_attentions),
        ("cross", tr.decoder, out.cross_attentions),
    ):
        assert len(mine) == len(theirs) == ours.cfg.n_layers
        for layer, t in zip(mine, theirs):
            att = layer.cross_attn if kind == "cross" else layer.self_attn
            np.testing.assert_allclose(att.weights, t[0].numpy(), atol=1e-5, err_msg=f"{kind} layer {att.layer}")


def test_translate_json_on_a_marian_folder_gives_transformers_pieces_and_probabilities(marian, capsys):
    """The command line on the folder as it lies: the model's own vocabulary ids, and each step's probability
    of the chosen piece within 2e-4 of transformers' own (generate's scores, softmaxed, pad banned)."""
    from transformer.translate import main as translate_main

    folder, hf, _, tok = marian
    text = "The child reads a book."
    assert translate_main([text, "--checkpoint", str(folder), "--json", "--device", "cpu"]) in (0, None)
    doc = json.loads(capsys.readouterr().out)
    src = torch.tensor([doc["source_ids"]])
    assert doc["source_ids"][-1] == hf.config.eos_token_id
    with torch.no_grad():
        gen = hf.generate(
            src,
            num_beams=1,
            do_sample=False,
            max_new_tokens=30,
            bad_words_ids=[[tok.pad_id]],
            output_scores=True,
            return_dict_in_generate=True,
        )
    theirs = gen.sequences[0, 1:].tolist()
    assert doc["target_ids"] + [hf.config.eos_token_id] == theirs
    assert doc["target_pieces"] == [tok.pieces_[i] for i in doc["target_ids"]]
    for step, scores in zip(doc["steps"], gen.scores):
        probs = scores[0].softmax(-1)
        top = step["top_k"][0]
        assert top["piece"] == step["chosen"]
        assert abs(top["prob"] - float(probs[top["id"]])) <= 2e-4


@pytest.mark.parametrize(
    "over",
    [{}, {"activation": "swish", "positional": "sinusoidal_halves", "output_bias": True}],
    ids=["paper", "marian"],
)
def test_our_model_exported_loads_in_transformers_with_the_same_logits(tmp_path, tokenizer, over):
    """`python -m transformer.export hf`: the paper's interleaved sinusoids become Marian's halves by reordering
    the residual stream's dimensions, an exact symmetry; transformers then computes our logits."""
    from transformer.config import ModelConfig
    from transformer.export import main as export_main
    from transformer.model import Transformer

    from .conftest import TINY

    torch.manual_seed(0)
    model = Transformer(ModelConfig(vocab_size=tokenizer.vocab_size, **{**TINY, **over})).eval()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.LayerNorm):
                m.weight.uniform_(0.5, 2.0)
                m.bias.normal_(0, 0.5)
        if model.cfg.output_bias:
            model.final_logits_bias.normal_(0, 1.0)
    checkpoint.save(tmp_path / "ours", model, tokenizer)
    assert export_main(["hf", str(tmp_path / "ours"), str(tmp_path / "hf")]) == 0
    hf = MarianMTModel.from_pretrained(tmp_path / "hf").eval()
    src = torch.tensor([tokenizer.encode("The cat sleeps on the sofa.")])
    tgt = torch.tensor([[model.cfg.bos_id] + tokenizer.encode("Die Katze schläft auf dem Sofa.")])
    with torch.no_grad():
        torch.testing.assert_close(
            hf(input_ids=src, decoder_input_ids=tgt).logits, model(src, tgt), atol=1e-4, rtol=1e-4
        )
        theirs = hf.generate(src, num_beams=1, do_sample=False, max_new_tokens=20)[0].tolist()
    mine = greedy_decode(model, src, max_len=20)[0]
    assert theirs[1 : 1 + len(mine)] == mine
    again, _ = checkpoint.load(tmp_path / "hf", "cpu")  # and back through our own reader
    with torch.no_grad():
        torch.testing.assert_close(again(src, tgt), model(src, tgt), atol=1e-4, rtol=1e-4)


def test_export_refuses_what_marian_cannot_describe(tmp_path, tokenizer, capsys):
    from transformer.config import ModelConfig
    from transformer.export import main as export_main
    from transformer.model import Transformer

    from .conftest import TINY

    checkpoint.save(
        tmp_path / "pre", Transformer(ModelConfig(vocab_size=tokenizer.vocab_size, **TINY, norm_first=True)), tokenizer
    )
    assert export_main(["hf", str(tmp_path / "pre"), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "pre-norm" in err and "Traceback" not in err


def test_convert_copies_a_marian_folder_that_opens_with_the_same_logits_and_languages(marian, tmp_path, capsys):
    from transformer import convert

    folder, hf, _, _ = marian
    named = tmp_path / "opus-mt-en-zh"  # a name that says its languages, as a hub download has
    shutil.copytree(folder, named)
    assert convert.main(["marian", str(named), "--name", "mine", "--into", str(tmp_path / "ckpts")]) == 0
    assert "checkpoints/mine (en → zh)" in capsys.readouterr().out
    dest = tmp_path / "ckpts" / "mine"
    assert marian_mod.languages(dest) == ("en", "zh")  # kept, though the folder is now called "mine"
    model, tok = checkpoint.load(dest, "cpu")
    src = _src(tok, PAIRS[0][0])
    tgt = torch.tensor([[hf.config.decoder_start_token_id] + tok.encode("Haus")])
    with torch.no_grad():
        expected = hf(input_ids=src, decoder_input_ids=tgt).logits
        np.testing.assert_allclose(model(src, tgt).numpy(), expected.numpy(), atol=1e-5)
    # a second copy under the same name is refused; a folder that is not Marian's says what it lacks
    assert convert.main(["marian", str(named), "--name", "mine", "--into", str(tmp_path / "ckpts")]) == 2
    assert "exists already" in capsys.readouterr().err
    (tmp_path / "broken").mkdir()
    shutil.copy(named / "config.json", tmp_path / "broken" / "config.json")
    assert convert.main(["marian", str(tmp_path / "broken"), "--into", str(tmp_path / "ckpts")]) == 2
    err = capsys.readouterr().err
    assert "lacks" in err and "source.spm" in err and str(tmp_path) not in err  # no server paths
