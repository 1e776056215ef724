"""Predict-then-reveal questions whose answers come from the learner's own trace ("check yourself")."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from . import explain
from .trace import FFNTrace, ResidualTrace, Trace


@dataclass(frozen=True)
class Question:
    prompt: str
    options: tuple[str, ...]  # in a fixed order for this question (shuffled once, by its text)
    answer: str  # one of the options
    explanation: str  # why, with the numbers of this run


def _question(prompt: str, right: str, wrong: list[str], explanation: str) -> Question:
    options = [right] + [w for w in dict.fromkeys(wrong) if w != right][:3]
    random.Random(prompt).shuffle(options)
    return Question(prompt, tuple(options), right, explanation)


def piece_count(tr: Trace) -> Question:
    n = len(tr.src.pieces)
    wrong = [str(len(tr.source.split())), str(n + 1), str(max(1, n - 1)), str(n + 2)]
    return _question(
        f"Into how many pieces does sentencepiece split “{tr.source}”?",
        str(n),
        wrong,
        f"{n} pieces: {' · '.join(tr.src.pieces)}. A word the vocabulary lacks is split into smaller pieces.",
    )


def cross_attention_target(tr: Trace, step: int = 0) -> Question:
    """Which English piece the German piece of `step` attends to most (last layer, head average)."""
    w = explain.alignment(tr, len(tr.decoder) - 1)[step]
    best = int(w.argmax())
    labels = [f"{j}: {p}" for j, p in enumerate(tr.src.pieces)]
    return _question(
        f"When the decoder produces “{tr.output_pieces[step]}”, which English piece does its cross-attention "
        "(last layer, average of the heads) weigh most?",
        labels[best],
        [labels[j] for j in np.argsort(-w) if j != best],
        f"{labels[best]} with weight {w[best]:.2f} of 1.",
    )


def sharpest_head(tr: Trace, layer: int = 0) -> Question:
    att = tr.encoder[layer].self_attn
    entropy = explain.entropy_bits(att.weights).mean(1)
    best = int(entropy.argmin())
    return _question(
        f"Which head of encoder layer {layer + 1} is the sharpest: its rows put their weight on the fewest keys "
        "(the lowest entropy)?",
        f"head {best + 1}",
        [f"head {j + 1}" for j in np.argsort(-entropy)],
        f"head {best + 1}: {entropy[best]:.2f} bits on average (0 = one key; "
        f"{np.log2(len(att.keys)):.2f} = all keys alike).",
    )


def above_the_diagonal(tr: Trace, layer: int = 0, head: int = 0) -> Question:
    att = tr.decoder[layer].self_attn
    upper = np.triu(np.ones_like(att.mask, dtype=bool), 1)
    leak = float(att.weights[head][upper].max(initial=0.0))
    return _question(
        "After the causal mask and the softmax, how much weight can a decoder query put on a later piece "
        "(above the diagonal)?",
        "exactly 0",
        ["about 1 / (number of pieces)", "a little, never more than 0.1", "it depends on the sentence"],
        f"Exactly 0: the mask sets those scores to −∞ and e^−∞ = 0. In this run (layer {layer + 1}, head {head + 1}) "
        f"the largest such weight is {leak:.1e}.",
    )


def layer_norm_mean(res: ResidualTrace, piece: str, position: int) -> Question:
    s = explain.norm_stats(res, position)
    return _question(
        f"LayerNorm turns x + Sublayer(x) of “{piece}” into (v − mean) / std before γ and β. "
        "What is the mean of that vector?",
        "0",
        ["1", f"{s.mean:.2f}, the mean of x + Sublayer(x)", "it depends on the piece"],
        f"0 (here {s.normed.mean():.1e}); its standard deviation is 1 ({s.normed.std():.3f}). γ and β then move "
        "each dimension on purpose.",
    )


def relu_share(ffn: FFNTrace, piece: str, position: int, where: str) -> Question:
    share = float(ffn.zero_share[position])
    bins = ["under 25%", "25–50%", "50–75%", "over 75%"]
    right = bins[min(3, int(share * 4))]
    return _question(
        f"In {where}, what share of the {ffn.pre.shape[1]} hidden units of the feed-forward network does ReLU "
        f"set to zero for “{piece}”?",
        right,
        bins,
        f"{share:.1%} of them: every unit whose x W₁ + b₁ was negative.",
    )


def greedy_choice(tr: Trace, step: int) -> Question:
    s = tr.steps[step]
    return _question(
        f"Step {step + 1}: after `{' '.join(s.prefix)}`, which piece does greedy decoding choose?",
        s.chosen,
        list(s.top_pieces[1:4]),
        f"`{s.chosen}`, the most probable piece, with probability {s.top_probs[0]:.3f}.",
    )


def rnn_steps(tr: Trace) -> Question:
    n = len(tr.src.pieces)
    return _question(
        f"In a recurrent network, how many steps does information from the first piece of your sentence need to "
        f"reach the last ({n} pieces)? And in self-attention?",
        f"{n - 1} in the RNN, 1 in self-attention",
        ["1 in both", f"{n} in both", f"{n - 1} in both"],
        f"The RNN passes a hidden state from piece to piece ({n - 1} steps); self-attention connects every pair "
        "directly in each layer.",
    )


def nearest_piece(tr: Trace, position: int, near: list[tuple[str, float]], far: list[str]) -> Question:
    return _question(
        f"Which piece's learned embedding is closest (by cosine) to “{tr.src.pieces[position]}”?",
        near[0][0],
        far,
        f"“{near[0][0]}” with cosine {near[0][1]:.2f}; pieces used in similar places get similar rows of E.",
    )
