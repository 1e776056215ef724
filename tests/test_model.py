"""The math of the model: shapes, masks, softmax rows, fast vs explaining path, save/load."""

from __future__ import annotations

import copy
import math
from dataclasses import replace

import pytest
import torch

from transformer import checkpoint
from transformer.config import ModelConfig
from transformer.model import MultiHeadAttention, padding_mask, subsequent_mask


def _batch(V: int, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    src = torch.randint(4, V, (3, 9), generator=g)
    tgt = torch.randint(4, V, (3, 7), generator=g)
    src[0, 6:] = 0  # padding in the source
    tgt[1, 4:] = 0  # and in the target
    return src, tgt


def test_subsequent_mask_is_lower_triangular():
    m = subsequent_mask(5)[0, 0]
    assert m.shape == (5, 5)
    assert torch.equal(m, torch.tril(torch.ones(5, 5, dtype=torch.bool)))
    assert not m[0, 1] and m[4, 0] and m[3, 3]


def test_padding_mask_hides_pad_keys():
    ids = torch.tensor([[5, 6, 0, 0]])
    assert padding_mask(ids, 0).tolist() == [[[[True, True, False, False]]]]


def test_logit_shape(model):
    src, tgt = _batch(model.cfg.vocab_size)
    with torch.no_grad():
        assert model(src, tgt).shape == (3, 7, model.cfg.vocab_size)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fast_and_explaining_paths_agree(model, seed):
    src, tgt = _batch(model.cfg.vocab_size, seed)
    with torch.no_grad():
        fast, slow = model(src, tgt), model(src, tgt, explain=True)
    torch.testing.assert_close(fast, slow, atol=1e-5, rtol=1e-5)


def test_set_dropout_reaches_every_dropout_and_leaves_eval_outputs_alone(model):
    twin = copy.deepcopy(model)
    twin.set_dropout(0.3)
    rates = {m.p for m in twin.modules() if isinstance(m, torch.nn.Dropout)}
    rates |= {m.dropout for m in twin.modules() if isinstance(m, MultiHeadAttention)}
    assert rates == {0.3} and twin.cfg.dropout == 0.3
    src, tgt = _batch(model.cfg.vocab_size)
    with torch.no_grad():
        torch.testing.assert_close(twin.eval()(src, tgt), model(src, tgt))


def test_attention_paths_agree_on_random_masks():
    cfg = ModelConfig(vocab_size=10, d_model=64, n_heads=8, dropout=0.0)
    mha = MultiHeadAttention(cfg).eval()
    g = torch.Generator().manual_seed(3)
    x, mem = torch.randn(2, 6, 64, generator=g), torch.randn(2, 11, 64, generator=g)
    mask = torch.rand(2, 1, 6, 11, generator=g) > 0.4
    mask[..., 0] = True  # every query sees at least one key
    with torch.no_grad():
        fast, _, _ = mha(x, mem, mask)
        slow, _, rec = mha(x, mem, mask, explain=True)
    torch.testing.assert_close(fast, slow, atol=1e-5, rtol=1e-5)
    assert torch.all(rec.weights[~mask.expand_as(rec.weights)] == 0)


def test_explaining_record_is_consistent(model):
    src, tgt = _batch(model.cfg.vocab_size)
    cfg = model.cfg
    with torch.no_grad():
        enc = model.encode(src, padding_mask(src, 0), explain=True)
        tgt_mask = padding_mask(tgt, 0) & subsequent_mask(tgt.shape[1])
        dec = model.decode(enc.memory, padding_mask(src, 0), tgt, tgt_mask, explain=True)
    rec = dec.layers[0].self_attn
    B, h, T, dk = 3, cfg.n_heads, tgt.shape[1], cfg.d_k
    assert rec.q.shape == (B, h, T, dk) and rec.weights.shape == (B, h, T, T)
    torch.testing.assert_close(rec.scaled, rec.scores / math.sqrt(dk))
    # softmax rows sum to one, causal rows are exactly zero above the diagonal
    torch.testing.assert_close(rec.weights.sum(-1), torch.ones(B, h, T))
    upper = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
    assert torch.all(rec.weights[..., upper] == 0)
    assert torch.all(torch.isneginf(rec.masked[..., upper]))
    # padded source keys get no weight in the encoder or in cross-attention
    assert torch.all(enc.layers[0].self_attn.weights[0, :, :, 6:] == 0)
    assert torch.all(dec.layers[1].cross_attn.weights[0, :, :, 6:] == 0)
    torch.testing.assert_close(rec.head_out, rec.weights @ rec.v)


def test_embeddings_scaled_and_positions_sinusoidal(model):
    ids = torch.tensor([[5, 6, 7]])
    torch.testing.assert_close(model.embed(ids), model.embed.lut(ids) * math.sqrt(model.cfg.d_model))
    pe = model.pos(4)
    assert pe.shape == (4, model.cfg.d_model)
    torch.testing.assert_close(pe[0, 0::2], torch.zeros(model.cfg.d_model // 2))  # sin(0)
    torch.testing.assert_close(pe[0, 1::2], torch.ones(model.cfg.d_model // 2))  # cos(0)
    assert math.isclose(float(pe[3, 0]), math.sin(3.0), rel_tol=1e-6)


def test_output_layer_is_tied_to_embeddings(model):
    names = [n for n, _ in model.named_parameters()]
    assert sum("lut" in n for n in names) == 1  # one matrix for source, target and output
    src, tgt = _batch(model.cfg.vocab_size)
    unused = next(i for i in range(4, model.cfg.vocab_size) if i not in src and i not in tgt)
    twin = copy.deepcopy(model)
    with torch.no_grad():
        before = twin(src, tgt)
        twin.embed.lut.weight[unused] += 1.0  # a row no input uses: only the output layer can see it
        after = twin(src, tgt)
    changed = (after - before).abs().amax(dim=(0, 1)) > 1e-6
    assert changed[unused] and changed.sum() == 1  # exactly that output logit moved: the output layer is E


def test_no_library_transformer_modules_inside(model):
    banned = (
        torch.nn.Transformer,
        torch.nn.MultiheadAttention,
        torch.nn.TransformerEncoderLayer,
        torch.nn.TransformerDecoderLayer,
    )
    assert not any(isinstance(m, banned) for m in model.modules())


def test_save_load_identical_logits(model, tokenizer, tiny_checkpoint):
    loaded, tok2 = checkpoint.load(tiny_checkpoint, "cpu")
    src, tgt = _batch(model.cfg.vocab_size)
    with torch.no_grad():
        assert torch.equal(model(src, tgt), loaded(src, tgt))
    assert loaded.cfg == model.cfg
    assert tok2.encode("The weather is nice today.") == tokenizer.encode("The weather is nice today.")


def test_half_precision_save_is_close(model, tokenizer, tmp_path):
    checkpoint.save(tmp_path, model, tokenizer, half=True)
    loaded, _ = checkpoint.load(tmp_path, "cpu")
    src, tgt = _batch(model.cfg.vocab_size)
    with torch.no_grad():
        torch.testing.assert_close(model(src, tgt), loaded(src, tgt), atol=2e-2, rtol=2e-2)


def test_missing_and_corrupt_checkpoints_say_what_to_do_without_server_paths(tiny_checkpoint, tmp_path):
    # a folder that is not there: how to train one (only the shipped model is restored with git checkout)
    with pytest.raises(
        checkpoint.CheckpointError, match="python -m transformer.train --out checkpoints/nowhere"
    ) as missing:
        checkpoint.load(tmp_path / "nowhere")
    assert "git checkout" not in str(missing.value)
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in tiny_checkpoint.iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    (bad / "model.pt").write_bytes(b"not a torch file")
    with pytest.raises(checkpoint.CheckpointError, match="corrupt.*python -m transformer.train") as corrupt:
        checkpoint.load(bad)
    for message in (str(missing.value), str(corrupt.value)):
        assert str(tmp_path) not in message  # the folder's name only, never where the server keeps it
        assert message.endswith("`.")  # whole sentences, not cut mid-word
    assert checkpoint.is_complete(bad)


def test_only_the_shipped_model_is_restored_with_git_checkout(tiny_checkpoint, tmp_path, monkeypatch):
    shipped = tmp_path / "en-de"
    shipped.mkdir()
    (shipped / "config.json").write_bytes((tiny_checkpoint / "config.json").read_bytes())
    monkeypatch.setattr(checkpoint, "DEFAULT_CHECKPOINT", shipped)  # its weights lost, as after a bad copy
    with pytest.raises(checkpoint.CheckpointError, match="git checkout -- checkpoints/en-de"):
        checkpoint.load(shipped) and not checkpoint.is_complete(tmp_path / "nowhere")


# ---- the switches a toy model can be trained with (transformer.toy) ----------------------------

VARIANTS = {
    "learned positions": {"positional": "learned"},
    "no positions": {"positional": "none"},
    "unscaled": {"scale_scores": False},
    "pre-norm": {"norm_first": True},
    "no causal mask": {"causal_mask": False},
}


def _variant(base: ModelConfig, **switches) -> torch.nn.Module:
    from transformer.model import Transformer

    torch.manual_seed(1)
    return Transformer(replace(base, **switches)).eval()


@pytest.mark.parametrize("name", VARIANTS)
def test_every_switch_keeps_fast_and_explaining_paths_and_the_cache_equal(model, name):
    from transformer.decode import greedy_decode

    twin = _variant(model.cfg, **VARIANTS[name])
    src, tgt = _batch(model.cfg.vocab_size)
    with torch.no_grad():
        torch.testing.assert_close(twin(src, tgt), twin(src, tgt, explain=True), atol=1e-5, rtol=1e-5)
    assert greedy_decode(twin, src, use_cache=True, max_len=6) == greedy_decode(twin, src, use_cache=False, max_len=6)


def test_the_paper_default_adds_no_parameters(model):
    twin = _variant(model.cfg)
    assert set(twin.state_dict()) == set(model.state_dict())
    assert twin.cfg.positional == "sinusoidal" and twin.cfg.causal_mask and twin.cfg.scale_scores
    assert not twin.cfg.norm_first


def test_switches_change_what_they_name(model):
    src, tgt = _batch(model.cfg.vocab_size)
    none = _variant(model.cfg, positional="none")
    assert torch.count_nonzero(none.pos(9)) == 0
    learned = _variant(model.cfg, positional="learned")
    assert "pos.pe" in dict(learned.named_parameters())
    with torch.no_grad():
        # unscaled attention: the explaining path's "scaled" scores equal the raw Q K^T
        rec = _variant(model.cfg, scale_scores=False).encode(src, padding_mask(src, 0), explain=True).layers[0]
        torch.testing.assert_close(rec.self_attn.scaled, rec.self_attn.scores)
        rec = _variant(model.cfg).encode(src, padding_mask(src, 0), explain=True).layers[0]
        torch.testing.assert_close(rec.self_attn.scaled * math.sqrt(model.cfg.d_k), rec.self_attn.scores)
        # without the causal mask, a later target piece changes an earlier position's logits
        later = tgt.clone()
        later[:, -1] = (later[:, -1] + 1) % model.cfg.vocab_size + 4 * (later[:, -1] < 3)
        open_model, masked = _variant(model.cfg, causal_mask=False), _variant(model.cfg)
        assert not torch.allclose(open_model(src, tgt)[:, 0], open_model(src, later)[:, 0])
        torch.testing.assert_close(masked(src, tgt)[:, 0], masked(src, later)[:, 0])
    pre = _variant(model.cfg, norm_first=True)
    assert hasattr(pre, "encoder_norm") and pre.encoder[0].add_norm[0].norm_first


def test_unknown_positional_kind_is_refused():
    with pytest.raises(ValueError, match="positional"):
        ModelConfig(positional="rotary")


# ---- switching heads off (the experiments page) -------------------------------------------------


def _off(cfg: ModelConfig, kind: int, layer: int, head: int, batch: int = 1):
    from transformer.model import HeadMask

    mask = HeadMask.all_on(cfg, batch)
    mask[kind][:, layer, head] = 0
    return mask


def test_all_heads_on_changes_nothing(model):
    from transformer.model import HeadMask

    src, tgt = _batch(model.cfg.vocab_size)
    on = HeadMask.all_on(model.cfg)
    with torch.no_grad():
        torch.testing.assert_close(model(src, tgt, heads=on), model(src, tgt), atol=0, rtol=0)
        torch.testing.assert_close(model(src, tgt, explain=True, heads=on), model(src, tgt, explain=True))


@pytest.mark.parametrize("kind", [0, 1, 2])
def test_a_switched_off_head_removes_exactly_its_own_contribution(model, kind):
    src, tgt = _batch(model.cfg.vocab_size)
    layer, head, d_k = 1, 3, model.cfg.d_k
    src_mask = padding_mask(src, 0)
    tgt_mask = padding_mask(tgt, 0) & subsequent_mask(tgt.shape[1])
    off = _off(model.cfg, kind, layer, head)
    with torch.no_grad():
        # same inputs to the layer: compare one sublayer, fed the full model's input to that layer
        if kind == 0:
            full = model.encode(src, src_mask, explain=True).layers[layer].self_attn
            x = model.encode(src, src_mask, explain=True).layers[layer - 1].sublayer_out[-1]
            module = model.encoder[layer].self_attn
            _, _, cut = module(x, x, src_mask, explain=True, keep=off.encoder[:, layer])
        else:
            memory = model.encode(src, src_mask).memory
            dec = model.decode(memory, src_mask, tgt, tgt_mask, explain=True)
            y = dec.layers[layer - 1].sublayer_out[-1]
            if kind == 1:
                full, module = dec.layers[layer].self_attn, model.decoder[layer].self_attn
                _, _, cut = module(y, y, tgt_mask, explain=True, keep=off.decoder[:, layer])
            else:
                y1 = dec.layers[layer].sublayer_out[0]
                full, module = dec.layers[layer].cross_attn, model.decoder[layer].cross_attn
                _, _, cut = module(y1, memory, src_mask, explain=True, keep=off.cross[:, layer])
    others = [j for j in range(model.cfg.n_heads) if j != head]
    assert torch.count_nonzero(cut.head_out[:, head]) == 0
    torch.testing.assert_close(cut.head_out[:, others], full.head_out[:, others])
    torch.testing.assert_close(cut.weights, full.weights)  # it still attends; its output is dropped
    w_o = module.w_o.weight[:, head * d_k : (head + 1) * d_k]  # (D, d_k): the columns head `head` feeds
    torch.testing.assert_close(full.out - cut.out, full.head_out[:, head] @ w_o.T, atol=1e-5, rtol=1e-4)


def test_head_masks_agree_across_paths_cache_and_batch_rows(model):
    from transformer.decode import greedy_decode
    from transformer.model import HeadMask

    src, tgt = _batch(model.cfg.vocab_size)
    g = torch.Generator().manual_seed(3)
    heads = HeadMask(
        *(torch.randint(0, 2, (3, model.cfg.n_layers, model.cfg.n_heads), generator=g).float() for _ in range(3))
    )
    with torch.no_grad():
        torch.testing.assert_close(
            model(src, tgt, heads=heads), model(src, tgt, explain=True, heads=heads), atol=1e-5, rtol=1e-5
        )
        rows = [model(src[i : i + 1], tgt[i : i + 1], heads=HeadMask(*(m[i : i + 1] for m in heads))) for i in range(3)]
        torch.testing.assert_close(model(src, tgt, heads=heads), torch.cat(rows), atol=1e-5, rtol=1e-5)
        assert not torch.allclose(model(src, tgt, heads=heads), model(src, tgt))
    assert greedy_decode(model, src, True, 6, heads) == greedy_decode(model, src, False, 6, heads)


def test_dropout_zeroes_p_of_the_elements_and_keeps_the_expectation():
    """The fast dropout (keep mask from 16-bit slices of 64-bit draws) behaves as nn.Dropout."""
    from transformer.model import Dropout

    torch.manual_seed(0)
    x = torch.ones(400, 1000, requires_grad=True)
    for p in (0.1, 0.3):
        y = Dropout(p)(x)
        dropped = (y == 0).float().mean().item()
        assert abs(dropped - p) < 0.005, (p, dropped)
        assert torch.allclose(y[y != 0], torch.tensor(1 / (1 - p)))  # kept elements scaled by 1/(1-p)
        assert abs(y.mean().item() - 1.0) < 0.01
    y = Dropout(0.1)(x)
    y.sum().backward()
    assert torch.equal(x.grad, (y != 0).float() / 0.9)  # gradient flows only through kept elements
    assert not torch.equal(Dropout(0.1)(x), Dropout(0.1)(x))  # a new mask every call
    rows = Dropout(0.5)(torch.ones(4, 64)).eq(0)
    assert not all(torch.equal(rows[0], r) for r in rows[1:])  # the 16-bit slices are not copies
    assert Dropout(0.1).eval()(x) is x and Dropout(0.0)(x) is x
    assert Dropout(1.0)(x).eq(0).all()
    torch.manual_seed(7)
    a = Dropout(0.1)(x)
    torch.manual_seed(7)
    assert torch.equal(a, Dropout(0.1)(x))  # reproducible from the seed
