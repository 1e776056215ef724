"""Chart builders are pure: arrays in, plotly figures out, with the axes the app promises."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui import charts

ROWS = ["▁The", "▁cat", "▁the", "▁cat"]  # repeated pieces must keep their own rows
COLS = ["▁Die", "▁Katze", "<b>x</b>"]


def test_attention_map_rows_are_queries_and_scale_starts_at_zero():
    w = np.random.default_rng(0).dirichlet(np.ones(3), size=4)
    fig = charts.attention_map(w, ROWS, COLS, "t")
    hm = fig.data[0]
    assert isinstance(fig, go.Figure) and hm.zmin == 0
    assert np.allclose(np.array(hm.z), w)  # z[row][col] = weight of query row on key col
    assert fig.layout.yaxis.title.text == "query" and fig.layout.xaxis.title.text == "key"
    assert list(fig.layout.yaxis.ticktext) == ["▁The", "▁cat", "▁the", "▁cat"]  # duplicates kept
    assert fig.layout.yaxis.autorange == "reversed"  # first query at the top
    assert "&lt;b&gt;" in fig.layout.xaxis.ticktext[2]  # markup shown as text
    assert "%{z:.4f}" in hm.hovertemplate and "%{y}" in hm.hovertemplate and "%{x}" in hm.hovertemplate
    assert list(hm.x) == ["0: ▁Die", "1: ▁Katze", "2: &lt;b&gt;x&lt;/b&gt;"]  # hover names index and piece
    assert hm.y[1] != hm.y[3] and hm.customdata is None  # repeated pieces stay apart; no per-cell strings


def test_matrix_marks_masked_cells_and_centres_on_zero():
    z = np.array([[1.0, -np.inf], [0.5, -2.0]])
    fig = charts.matrix(z, ["a", "b"], ["c", "d"], "t", "query", "key")
    hm = fig.data[0]
    assert hm.zmid == 0 and hm.zmin == -2.0 and hm.zmax == 2.0
    assert hm.text[0][1] == "−∞ (masked)" and np.isnan(hm.z[0][1])


def test_head_grid_has_one_map_per_layer_and_head():
    maps = np.full((3, 8, 4, 5), 0.2)
    fig = charts.head_grid(maps, ROWS, ["a"] * 5, "t")
    assert len(fig.data) == 24 and all(d.zmin == 0 and d.zmax == 1 for d in fig.data)


def test_bars_highlight_and_token_strip():
    fig = charts.bars(["▁Der", "▁Die"], [0.6, 0.3], "t", "probability", highlight=0)
    assert list(fig.data[0].marker.color) == ["orange", "#1f77b4"]
    strip = charts.token_strip(ROWS, 2, "t")
    assert list(strip.data[0].customdata) == [0, 1, 2, 3] and strip.data[0].marker.color[2] == "orange"


def test_training_curves_put_loss_left_and_accuracy_right_per_run():
    runs = {
        "reverse, as in the paper": {"seconds": [1, 2], "loss": [2.0, 1.0], "accuracy": [0.1, 0.5]},
        "reverse, no positional encoding": {"seconds": [1, 2], "loss": [2.1, 1.9], "accuracy": [0.0, 0.0]},
    }
    fig = charts.training_curves(runs, "t")
    assert len(fig.data) == 4
    loss, acc = fig.data[0], fig.data[1]
    assert list(loss.y) == [2.0, 1.0] and loss.xaxis == "x" and list(acc.y) == [0.1, 0.5] and acc.xaxis == "x2"
    assert fig.data[2].line.color != fig.data[0].line.color  # one colour per run
    assert tuple(fig.layout.yaxis2.range) == (0, 1.02)


def test_head_drops_has_one_map_per_kind_centred_on_zero():
    drop = np.arange(3 * 2 * 4, dtype=float).reshape(3, 2, 4) - 5
    fig = charts.head_drops(drop, ["enc", "dec", "cross"], "t")
    assert len(fig.data) == 3 and all(d.zmid == 0 for d in fig.data)
    assert np.allclose(np.array(fig.data[2].z), drop[2]) and list(fig.data[0].y) == ["L1", "L2"]


def test_compare_bars_groups_each_piece():
    fig = charts.compare_bars(["▁Die", "<s>"], {"on": [0.9, 0.1], "off": [0.2, 0.3]}, "t", "probability")
    assert [d.name for d in fig.data] == ["on", "off"] and list(fig.data[1].y) == [0.2, 0.3]
    assert fig.data[0].x[1] == "1: &lt;s&gt;"  # a piece that looks like markup stays visible


def test_logit_lens_rows_are_layers_and_text_is_the_piece_each_would_pick():
    top = [("▁Der", "▁Hund"), ("▁Die", "▁Katze")]
    p = np.array([[0.2, 0.1], [0.9, 0.8]])
    fig = charts.logit_lens(top, p + 0.05, p, ["▁Die", "▁Katze"], "t")
    hm = fig.data[0]
    assert np.allclose(np.array(hm.customdata), p + 0.05) and "customdata" in hm.hovertemplate
    assert list(hm.y) == ["after layer 1", "after layer 2"] and hm.text[0][1] == "▁Hund"
    assert np.allclose(np.array(hm.z), p) and hm.zmin == 0 and hm.zmax == 1


def test_mask_map_and_counts_map():
    mask = np.tril(np.ones((3, 3), dtype=bool))
    fig = charts.mask_map(mask, ["a", "b", "c"], ["a", "b", "c"], "t")
    assert np.array_equal(np.array(fig.data[0].z), mask.astype(float)) and fig.layout.yaxis.title.text == "query"
    counts = np.abs(np.arange(3)[:, None] - np.arange(3)[None, :])
    fig = charts.counts_map(counts, ["a", "b", "c"], "t")
    assert fig.data[0].text[0][2] == "2" and fig.layout.yaxis.autorange == "reversed"


def test_architecture_diagram_carries_this_runs_shapes():
    from dataclasses import replace

    from transformer.config import ModelConfig

    cfg = ModelConfig(d_model=256, n_heads=8, n_layers=3, d_ff=1024, vocab_size=8000)
    dot = charts.architecture_dot(14, 9, cfg)
    assert "14 × 256" in dot and "9 × 256" in dot and "8 × 9 × 14" in dot and "8 × 14 × 14" in dot
    assert "encoder layer × 3" in dot and "9 × 8,000" in dot and "Add & Norm" in dot
    assert "pre-norm" not in dot and "pre-norm" in charts.architecture_dot(3, 2, replace(cfg, norm_first=True))


def test_dimension_axes_are_thinned_and_long_sentences_keep_room_per_row():
    fig = charts.matrix(np.zeros((5, 256)), ["a"] * 5, None, "t", "query", "dimension")
    ticks = list(fig.layout.xaxis.tickvals)
    assert len(ticks) <= 8 and ticks[:2] == [0, 32] and fig.layout.xaxis.tickangle == 0
    fig = charts.matrix(np.zeros((5, 32)), ["a"] * 5, [str(d) for d in range(32)], "t", "query", "dimension")
    assert list(fig.layout.xaxis.tickvals) == [0, 4, 8, 12, 16, 20, 24, 28]
    keys = [f"▁w{i}" for i in range(12)]  # pieces, not dimensions: every label kept
    assert len(charts.matrix(np.zeros((3, 12)), ["a"] * 3, keys, "t", "q", "k").layout.xaxis.tickvals) == 12
    long = charts.attention_map(np.zeros((60, 60)), ["a"] * 60, ["b"] * 60, "t")
    assert long.layout.height >= 20 * 60  # at least 20 px for each of 60 labelled rows


def test_a_piece_like_markup_in_a_title_stays_visible():
    fig = charts.attention_map(np.eye(2), ["<s>", "a"], ["b", "c"], "query <s> looks at")
    assert fig.layout.title.text == "query &lt;s&gt; looks at"  # plotly would read <s> as strikethrough
    assert charts.vector(np.ones(3), "E[2]: '<s>'").layout.title.text == "E[2]: '&lt;s&gt;'"


def test_vectors_line_up_rows_and_embedding_scatter_marks_the_sentence():
    fig = charts.vectors({"x": np.ones(4), "<s> row": -np.ones(4)}, "t")
    assert list(fig.data[0].y) == ["x", "&lt;s&gt; row"] and fig.data[0].zmid == 0
    coords = np.arange(20, dtype=float).reshape(10, 2)
    pieces = [f"p{i}" for i in range(10)]
    fig = charts.embedding_scatter(coords, pieces, {"English": [5, 6], "German": [7]}, "t")
    assert len(fig.data[0].x) == 6  # every piece but the 4 special ones, faint
    assert list(fig.data[1].text) == ["p5", "p6"] and list(fig.data[2].x) == [14.0]


def test_csv_holds_the_numbers_the_chart_draws():
    import csv
    import io

    w = np.random.default_rng(1).dirichlet(np.ones(3), size=4)
    rows = list(csv.reader(io.StringIO(charts.to_csv(charts.attention_map(w, ROWS, COLS, "t")))))
    assert rows[0] == ["", "0: ▁Die", "1: ▁Katze", "2: <b>x</b>"]  # keys by index and piece, unescaped
    assert [r[0] for r in rows[1:]] == [f"{i}: {p}" for i, p in enumerate(ROWS)]
    assert np.allclose(np.array(rows[1:])[:, 1:].astype(float), w, atol=1e-6)
    bars = list(csv.reader(io.StringIO(charts.to_csv(charts.bars(["▁a", "▁b"], [0.7, 0.3], "t", "p")))))
    assert [r[1:] for r in bars] == [["▁a", "0.7"], ["▁b", "0.3"]]
    masked = list(
        csv.reader(
            io.StringIO(charts.to_csv(charts.matrix(np.array([[1.0, -np.inf]]), ["a"], ["c", "d"], "t", "q", "k")))
        )
    )
    assert masked[1] == ["0: a", "1", ""]  # a masked (−∞) score is an empty cell


def test_map_options_hide_special_pieces_rescale_and_number_the_labels():
    rows, cols = ["<s> → ▁Die", "▁Die → ▁Katze"], ["<s>", "▁Die", "</s>"]
    w = np.array([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]])
    try:
        charts.set_options(charts.MapOptions(hide_special=True, fixed_scale=False, indices=True))
        fig = charts.attention_map(w, rows, cols, "t")
        hm = fig.data[0]
        # only ▁Die is left among the keys, and the query whose own piece is <s> goes with the <s> key
        assert np.allclose(np.array(hm.z), w[[1]][:, [1]])
        assert list(fig.layout.xaxis.ticktext) == ["1: ▁Die"]  # its own index, not its new place
        assert list(fig.layout.yaxis.ticktext) == ["1: ▁Die → ▁Katze"]
        assert hm.zmax == 0.1  # the map's own range
        grid = charts.head_grid(w[None, None], rows, cols, "t")
        assert np.array(grid.data[0].z).shape == (1, 1)
        assert np.array(charts.mask_map(w > 0.2, rows, cols, "t").data[0].z).shape == (1, 1)
        counts = charts.counts_map(np.arange(9).reshape(3, 3), cols, "t")
        assert np.array(counts.data[0].z).tolist() == [[4.0]] and list(counts.layout.xaxis.ticktext) == ["1: ▁Die"]
    finally:
        charts.set_options(charts.MapOptions())
    fig = charts.attention_map(w, rows, cols, "t")
    assert np.array(fig.data[0].z).shape == (2, 3) and fig.data[0].zmax == 1  # the defaults again


def test_bar_labels_show_counts_as_whole_numbers():
    fig = charts.bars(["encoder", "decoder"], [2048000, 0.25], "t", "parameters", highlight=None)
    assert list(fig.data[0].text) == ["2,048,000", "0.250"]


def test_heads_grid_names_the_pieces_on_its_outer_maps_and_in_every_hover():
    rows, cols = ["<s> → ▁Die", "▁Die → ▁Katze", "▁Katze → </s>"], ["▁The", "▁cat", "."]
    maps = np.random.default_rng(0).random((2, 3, 3, 3))
    fig = charts.head_grid(maps, rows, cols, "t").to_plotly_json()
    layout = fig["layout"]
    assert layout["yaxis"]["showticklabels"] and layout["yaxis"]["ticktext"] == [charts.label(r) for r in rows]
    last_row_first_col = "xaxis4"  # layer 2, head 1
    assert layout[last_row_first_col]["showticklabels"] and layout[last_row_first_col]["ticktext"] == cols
    assert not layout["xaxis"]["showticklabels"] and not layout["yaxis2"]["showticklabels"]  # inner maps stay clean
    cell = fig["data"][5]["customdata"][2][1]  # layer 2 head 3, query 3, key 2
    assert list(cell) == [charts.label(rows[2]), cols[1]]


def _blocks(text: str) -> list[list[list[str]]]:
    """CSV text -> blocks of rows (a block starts at a '# name' row when a chart holds several maps)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    blocks: list[list[list[str]]] = [[]]
    for r in rows:
        if len(r) == 1 and r[0].startswith("# "):
            blocks.append([])
        else:
            blocks[-1].append(r)
    return [b for b in blocks if b]


def test_csv_reads_back_into_the_arrays_and_labels_it_came_from():
    """Oracle: Python's csv reader and numpy, on charts built from known arrays with awkward labels."""
    rng = np.random.default_rng(3)
    rows, cols = ['<s> → "a,b"', "▁x → ▁y"], ["<s>", "a,b", '"q"']
    w = rng.random((2, 3))
    (block,) = _blocks(charts.to_csv(charts.attention_map(w, rows, cols, "t")))
    numbered = [f"{i}: {c}" for i, c in enumerate(cols)]  # index and piece: a piece can occur twice
    assert block[0][1:] == numbered and [r[0] for r in block[1:]] == [f"{i}: {r}" for i, r in enumerate(rows)]
    np.testing.assert_allclose(np.array([r[1:] for r in block[1:]], dtype=float), w, rtol=1e-5)
    maps = rng.random((2, 3, 2, 3))  # a grid: one block per map, in layer-major order
    blocks = _blocks(charts.to_csv(charts.head_grid(maps, rows, cols, "t")))
    assert len(blocks) == 6
    for n, b in enumerate(blocks):
        assert b[0][1:] == cols and [r[0] for r in b[1:]] == rows
        np.testing.assert_allclose(np.array([r[1:] for r in b[1:]], dtype=float), maps[n // 3, n % 3], rtol=1e-5)
    values = [0.5, 0.25, 0.125]
    (bars,) = _blocks(charts.to_csv(charts.bars(cols, values, "t", "p")))
    assert [r[1] for r in bars] == cols and [float(r[2]) for r in bars] == values
