"""Predict-then-reveal questions whose answers come from the learner's own trace ("check yourself")."""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

from . import explain
from .text import Text, msg
from .trace import FFNTrace, ResidualTrace, Trace

Label = Text | str  # a message (translatable) or a piece, number or name shown as it is


@dataclass(frozen=True)
class Question:
    prompt: Text
    options: tuple[Label, ...]  # in a fixed order for this question (shuffled once, by its text)
    answer: Label  # one of the options
    explanation: Text  # why, with the numbers of this run


def _question(prompt: Text, right: Label, wrong: list[Label], explanation: Text) -> Question:
    options = [right] + [w for w in dict.fromkeys(wrong) if w != right][:3]
    random.Random(str(prompt)).shuffle(options)
    return Question(prompt, tuple(options), right, explanation)


def piece_count(tr: Trace) -> Question:
    n = len(tr.src.pieces)
    wrong = [str(len(tr.source.split())), str(n + 1), str(max(1, n - 1)), str(n + 2)]
    return _question(
        msg("Into how many pieces does sentencepiece split “{source}”?", source=tr.source),
        str(n),
        wrong,
        msg(
            "{n} pieces: {pieces}. A word the vocabulary lacks is split into smaller pieces.",
            n=n,
            pieces=" · ".join(tr.src.pieces),
        ),
    )


def cross_attention_target(tr: Trace, step: int = 0) -> Question:
    """Which English piece the German piece of `step` attends to most (last layer, head average)."""
    w = explain.alignment(tr, len(tr.decoder) - 1)[step]
    best = int(w.argmax())
    labels = [f"{j}: {p}" for j, p in enumerate(tr.src.pieces)]
    return _question(
        msg(
            "When the decoder produces “{piece}”, which English piece does its cross-attention "
            "(last layer, average of the heads) weigh most?",
            piece=tr.output_pieces[step],
        ),
        labels[best],
        [labels[j] for j in np.argsort(-w) if j != best],
        msg("{label} with weight {w:.2f} of 1.", label=labels[best], w=float(w[best])),
    )


def sharpest_head(tr: Trace, layer: int = 0) -> Question:
    att = tr.encoder[layer].self_attn
    entropy = explain.entropy_bits(att.weights).mean(1)
    best = int(entropy.argmin())
    return _question(
        msg(
            "Which head of encoder layer {layer} is the sharpest: its rows put their weight on the fewest keys "
            "(the lowest entropy)?",
            layer=layer + 1,
        ),
        msg("head {n}", n=best + 1),
        [msg("head {n}", n=int(j) + 1) for j in np.argsort(-entropy)],
        msg(
            "head {n}: {bits:.2f} bits on average (0 = one key; {most:.2f} = all keys alike).",
            n=best + 1,
            bits=float(entropy[best]),
            most=float(np.log2(len(att.keys))),
        ),
    )


def above_the_diagonal(tr: Trace, layer: int = 0, head: int = 0) -> Question:
    att = tr.decoder[layer].self_attn
    upper = np.triu(np.ones_like(att.mask, dtype=bool), 1)
    leak = float(att.weights[head][upper].max(initial=0.0))
    return _question(
        msg(
            "After the causal mask and the softmax, how much weight can a decoder query put on a later piece "
            "(above the diagonal)?"
        ),
        msg("exactly 0"),
        [msg("about 1 / (number of pieces)"), msg("a little, never more than 0.1"), msg("it depends on the sentence")],
        msg(
            "Exactly 0: the mask sets those scores to −∞ and e^−∞ = 0. In this run (layer {layer}, head {head}) "
            "the largest such weight is {leak:.1e}.",
            layer=layer + 1,
            head=head + 1,
            leak=leak,
        ),
    )


def layer_norm_mean(res: ResidualTrace, piece: str, position: int) -> Question:
    s = explain.norm_stats(res, position)
    if res.norm_first:  # pre-norm: LayerNorm ran on the sublayer's input x
        prompt = msg(
            "LayerNorm turns x of “{piece}” into (v − mean) / std before γ and β. What is the mean of that vector?",
            piece=piece,
        )
        other = msg("{mean:.2f}, the mean of x", mean=float(s.mean))
    else:
        prompt = msg(
            "LayerNorm turns x + Sublayer(x) of “{piece}” into (v − mean) / std before γ and β. "
            "What is the mean of that vector?",
            piece=piece,
        )
        other = msg("{mean:.2f}, the mean of x + Sublayer(x)", mean=float(s.mean))
    return _question(
        prompt,
        "0",
        ["1", other, msg("it depends on the piece")],
        msg(
            "0 (here {mean:.1e}); its standard deviation is 1 ({std:.3f}). "
            "γ and β then move each dimension on purpose.",
            mean=float(s.normed.mean()),
            std=float(s.normed.std()),
        ),
    )


def relu_share(ffn: FFNTrace, piece: str, position: int, where: Label) -> Question:
    """What share of the hidden units the activation zeroed (ReLU), or pushed toward zero (swish, GELU)."""
    bins = [msg("under 25%"), "25–50%", "50–75%", msg("over 75%")]
    d_ff = ffn.pre.shape[1]
    if ffn.activation == "relu":
        share = float(ffn.zero_share[position])
        prompt = msg(
            "In {where}, what share of the {d_ff} hidden units of the feed-forward network does ReLU "
            "set to zero for “{piece}”?",
            where=where,
            d_ff=d_ff,
            piece=piece,
        )
        why = msg("{share:.1%} of them: every unit whose x W₁ + b₁ was negative.", share=share)
    else:
        share = float(ffn.negative_share[position])
        prompt = msg(
            "In {where}, for what share of the {d_ff} hidden units of the feed-forward network is x W₁ + b₁ "
            "negative for “{piece}” (the {activation} activation shrinks those toward zero)?",
            where=where,
            d_ff=d_ff,
            piece=piece,
            activation=ffn.activation,
        )
        why = msg("{share:.1%} of them.", share=share)
    return _question(prompt, bins[min(3, int(share * 4))], bins, why)


def greedy_choice(tr: Trace, step: int) -> Question:
    s = tr.steps[step]
    return _question(
        msg(
            "Step {step}: after `{prefix}`, which piece does greedy decoding choose?",
            step=step + 1,
            prefix=" ".join(s.prefix),
        ),
        s.chosen,
        [p for p in s.top_pieces[:4] if p != s.chosen][:3],
        msg(
            "`{piece}`: the most probable piece, `{greedy}`, would continue a loop, so the loop rule took the most "
            "probable piece that does not, with probability {p:.3f}.",
            piece=s.chosen,
            greedy=s.greedy,
            p=float(tr.probs[step, s.chosen_id]),
        )
        if s.loop_blocked
        else msg(
            "`{piece}`, the most probable piece, with probability {p:.3f}.", piece=s.chosen, p=float(s.top_probs[0])
        ),
    )


def rnn_steps(tr: Trace) -> Question:
    n = len(tr.src.pieces)
    return _question(
        msg(
            "In a recurrent network, how many steps does information from the first piece of your sentence need to "
            "reach the last ({n} pieces)? And in self-attention?",
            n=n,
        ),
        msg("{n} in the RNN, 1 in self-attention", n=n - 1),
        [msg("{n} in both", n=1), msg("{n} in both", n=n), msg("{n} in both", n=n - 1)],
        msg(
            "The RNN passes a hidden state from piece to piece ({n} steps); self-attention connects every pair "
            "directly in each layer.",
            n=n - 1,
        ),
    )


def nearest_piece(tr: Trace, position: int, near: list[tuple[str, float]], far: list[str]) -> Question:
    return _question(
        msg("Which piece's learned embedding is closest (by cosine) to “{piece}”?", piece=tr.src.pieces[position]),
        near[0][0],
        far,
        msg(
            "“{piece}” with cosine {cos:.2f}; pieces used in similar places get similar rows of E.",
            piece=near[0][0],
            cos=float(near[0][1]),
        ),
    )
