"""The encoder-decoder as a Graphviz diagram, each block labelled with this run's tensor shapes."""

from __future__ import annotations

from ui.i18n import t

FONT_PT = 9


def _width(label: str) -> float:
    """A box's width in inches for its longest line. Graphviz in the browser sizes boxes with Latin font
    metrics, so Chinese labels overflowed theirs: a CJK character is counted a full em, others 0.55."""
    widest = max(
        sum(1.0 if "\u2e80" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" else 0.55 for c in line)
        for line in label.split("\\n")
    )
    return widest * FONT_PT / 72 + 0.3


def architecture_dot(S: int, T: int, cfg, source: str = "English", target: str = "German", start: str = "<s>") -> str:
    """Graphviz source of the encoder-decoder, each block labelled with its tensor's shape for a
    sentence of S source and T target pieces; `source`, `target` and `start` name the model's languages
    (in the reader's language) and the piece its decoder starts from."""
    D, h, N, d_ff, V = cfg.d_model, cfg.n_heads, cfg.n_layers, cfg.d_ff, cfg.vocab_size
    sub = t("Add & Norm (pre-norm)") if cfg.norm_first else t("Add & Norm")

    def node(name: str, text: str, color: str = "#e8f0fb") -> str:
        return f'{name} [label="{text}", fillcolor="{color}", width={_width(text):.2f}];'

    enc = "#e8f0fb"
    dec = "#fdeee2"
    lines = [
        "digraph G {",
        'rankdir=BT; nodesep=0.2; ranksep=0.15; size="6.5,7";',
        'node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=9, margin="0.14,0.03", height=0.3];',
        'edge [arrowsize=0.6, color="#666666"];',
        node("src", t("{language} pieces ({n})", language=source, n=S), "#ffffff"),
        node("semb", t("embedding × √{D} + positional encoding", D=D) + f"\\n{S} × {D}", enc),
        "subgraph cluster_enc { label="
        + f'"{t("encoder layer × {n}", n=N)}"'
        + '; style="rounded,dashed"; color="#7aa6da";',
        node("sattn", t("self-attention, {h} heads", h=h) + "\\n" + t("weights") + f" {h} × {S} × {S}", enc),
        node("san1", f"{sub}\\n{S} × {D}", enc),
        node("sffn", t("feed-forward") + f" {D} → {d_ff} → {D}\\n{S} × {d_ff} " + t("hidden"), enc),
        node("san2", f"{sub}\\n{S} × {D}", enc),
        "}",
        node("memory", t("memory (encoder output)") + f"\\n{S} × {D}", enc),
        node("tgt", t("{language} so far: {start} + pieces ({n})", language=target, start=start, n=T), "#ffffff"),
        node("temb", t("embedding × √{D} + positional encoding", D=D) + f"\\n{T} × {D}", dec),
        "subgraph cluster_dec { label="
        + f'"{t("decoder layer × {n}", n=N)}"'
        + '; style="rounded,dashed"; color="#e0a070";',
        node("dattn", t("masked self-attention, {h} heads", h=h) + "\\n" + t("weights") + f" {h} × {T} × {T}", dec),
        node("dan1", f"{sub}\\n{T} × {D}", dec),
        node("cattn", t("cross-attention over the memory") + "\\n" + t("weights") + f" {h} × {T} × {S}", dec),
        node("dan2", f"{sub}\\n{T} × {D}", dec),
        node("dffn", t("feed-forward") + f" {D} → {d_ff} → {D}\\n{T} × {d_ff} " + t("hidden"), dec),
        node("dan3", f"{sub}\\n{T} × {D}", dec),
        "}",
        node("linear", t("linear (tied to the embedding)") + f"\\n{T} × {V:,}", "#f1f1f1"),
        node("softmax", t("softmax → next-piece probabilities") + f"\\n{T} × {V:,}", "#f1f1f1"),
        "src -> semb -> sattn -> san1 -> sffn -> san2 -> memory;",
        "tgt -> temb -> dattn -> dan1 -> cattn -> dan2 -> dffn -> dan3 -> linear -> softmax;",
        "memory -> cattn;",
        "}",
    ]
    return "\n".join(lines)
