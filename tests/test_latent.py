"""The latent space read-outs: the embedding map, nearest pieces, a piece across two sentences."""

from __future__ import annotations

import numpy as np


def test_embedding_map_nearest_and_drift(model, tokenizer):
    from transformer import latent
    from transformer.trace import trace

    emap = latent.embedding_map(model, tokenizer)
    V = model.cfg.vocab_size
    assert emap.coords.shape == (V, 2) and 0 < emap.explained[1] <= emap.explained[0] < 1
    near = latent.nearest(emap, 10, k=5)
    assert len(near) == 5 and all(p != emap.pieces[10] for p, _ in near)
    assert [c for _, c in near] == sorted([c for _, c in near], reverse=True)
    a, b = trace(model, tokenizer, "the house is small"), trace(model, tokenizer, "a small house")
    shared = next(i for i, t in enumerate(a.src.ids) if t in b.src.ids)
    d = latent.drift(a, b, shared)
    assert d.cosine.shape == (model.cfg.n_layers + 1,) and np.all(np.abs(d.cosine) <= 1 + 1e-6)
    assert d.positions[1] == b.src.ids.index(a.src.ids[shared])
    x, y = a.encoder[-1].sublayer_out[-1][shared], b.encoder[-1].sublayer_out[-1][d.positions[1]]
    np.testing.assert_allclose(d.cosine[-1], np.dot(x, y) / np.sqrt(np.dot(x, x) * np.dot(y, y)), rtol=1e-5)
    other = trace(model, tokenizer, "xyz")
    assert a.src.ids[shared] not in other.src.ids  # a sentence without the piece: no drift, not a wrong one
    assert latent.drift(a, other, shared) is None
