"""The latent space: the shared embedding matrix as a map of pieces, and how a piece's vector moves
through the encoder layers. Every vector comes from the model's weights or from a recorded trace."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import Transformer
from .tokenizer import Tokenizer
from .trace import Trace

SPECIAL = 4  # pad, unk, bos, eos: not pieces of text, left off the map


@dataclass(frozen=True)
class EmbeddingMap:
    """All V rows of the shared embedding matrix, projected onto their first two principal components."""

    pieces: tuple[str, ...]  # (V,)
    coords: np.ndarray  # (V, 2) projections (special pieces included, at their place)
    explained: tuple[float, float]  # share of the variance each component keeps
    unit: np.ndarray  # (V, D) rows minus the mean row, scaled to length 1, for cosine similarity


def embedding_map(model: Transformer, tokenizer: Tokenizer) -> EmbeddingMap:
    """PCA of the embedding matrix (computed once per model: the app caches it)."""
    E = model.embed.lut.weight.detach().float().cpu().numpy()  # (V, D)
    centred = E[SPECIAL:] - E[SPECIAL:].mean(0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    coords = (E - E[SPECIAL:].mean(0)) @ vt[:2].T
    var = s**2 / (s**2).sum()
    # every row shares one large common direction; without removing it all cosines are about 0.6
    rel = E - E[SPECIAL:].mean(0)
    unit = rel / np.maximum(np.linalg.norm(rel, axis=1, keepdims=True), 1e-12)
    return EmbeddingMap(tuple(tokenizer.id_to_piece(range(len(E)))), coords, (float(var[0]), float(var[1])), unit)


def nearest(emap: EmbeddingMap, piece_id: int, k: int = 10) -> list[tuple[str, float]]:
    """The k pieces whose embeddings have the highest cosine similarity with `piece_id`'s (itself left out)."""
    sims = emap.unit @ emap.unit[piece_id]
    sims[:SPECIAL] = -np.inf
    sims[piece_id] = -np.inf
    order = np.argsort(-sims)[:k]
    return [(emap.pieces[i], float(sims[i])) for i in order]


@dataclass(frozen=True)
class Drift:
    """One piece in two sentences: its vector at the encoder's input and after each encoder layer."""

    piece: str
    positions: tuple[int, int]  # where it stands in each sentence
    cosine: np.ndarray  # (N + 1,) similarity of the two vectors: input (embedding + PE), then after layer 1..N
    distance: np.ndarray  # (N + 1,) Euclidean distance of the two vectors


def drift(a: Trace, b: Trace, pos_a: int) -> Drift | None:
    """The piece at `pos_a` of sentence a against its first occurrence in sentence b (None if b lacks it)."""
    piece_id = a.src.ids[pos_a]
    if piece_id not in b.src.ids:
        return None
    pos_b = b.src.ids.index(piece_id)
    va = [a.src.summed[pos_a]] + [layer.sublayer_out[-1][pos_a] for layer in a.encoder]
    vb = [b.src.summed[pos_b]] + [layer.sublayer_out[-1][pos_b] for layer in b.encoder]
    cos = np.array([float(x @ y / (np.linalg.norm(x) * np.linalg.norm(y))) for x, y in zip(va, vb)])
    dist = np.array([float(np.linalg.norm(x - y)) for x, y in zip(va, vb)])
    return Drift(a.src.pieces[pos_a], (pos_a, pos_b), cos, dist)


SECOND_SENTENCES = (  # everyday sentences the second-sentence comparison starts from
    "I left the money at the bank.",
    "The children are playing in the garden.",
    "She reads a book every evening.",
    "The cat is sleeping on the sofa.",
    "We are going to the station tomorrow.",
    "My brother is a teacher in Berlin.",
    "The weather is nice today.",
    "I am learning German because I love the language.",
    "The model translates the sentence word by word.",
    "Where is my phone? I cannot find it.",
)


def second_sentence(tokenizer: Tokenizer, text: str, candidates=SECOND_SENTENCES) -> str:
    """A second sentence that shares a piece with `text`, so the comparison opens on something: the candidate
    whose longest shared piece is longest (a content word before "the"; full stops and one-letter pieces do
    not count), the first candidate when none shares one."""
    mine = {p for p in tokenizer.pieces(text) if len(p.strip("▁")) > 1}

    def shared(c: str) -> int:
        return max((len(p) for p in mine & set(tokenizer.pieces(c))), default=0)

    others = [c for c in candidates if c.strip().lower() != text.strip().lower()]
    best = max(others, key=shared)
    return best if shared(best) else others[0]
