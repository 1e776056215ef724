"""The config describes the architecture and refuses what it cannot describe."""

from __future__ import annotations

import json
import re
from dataclasses import asdict

import pytest

from transformer.config import CONFIG_VERSION, ConfigError, ModelConfig


def test_a_config_round_trips_with_its_version(tmp_path):
    cfg = ModelConfig(activation="swish", positional="sinusoidal_halves", output_bias=True, decoder_start_id=0)
    cfg.to_json(tmp_path / "c.json")
    assert json.loads((tmp_path / "c.json").read_text())["config_version"] == CONFIG_VERSION
    assert ModelConfig.from_json(tmp_path / "c.json") == cfg


@pytest.mark.parametrize("change, words", [({"n_layer": 6}, "unknown key(s) n_layer"), ({}, "missing d_model")])
def test_unknown_or_missing_keys_are_refused_in_one_line(tmp_path, change, words):
    data = {"config_version": CONFIG_VERSION, **asdict(ModelConfig())}
    if not change:
        del data["d_model"]
    data.update(change)
    with pytest.raises(ConfigError, match=re.escape(words)) as e:
        ModelConfig.from_dict(data)
    assert "\n" not in str(e.value)


def test_a_version_1_config_is_the_papers_architecture():
    """Configs written before the architecture was described (version 1, the 2026-12-05 weights among them)
    describe paper models: the new keys take the paper's values (ReLU, interleaved sinusoids, no output bias,
    decoding from <s>). The version-1 file is written out here as it was shipped."""
    v1 = {
        "vocab_size": 8000, "d_model": 256, "n_heads": 8, "n_layers": 3, "d_ff": 1024, "dropout": 0.1,
        "max_len": 256, "pad_id": 0, "unk_id": 1, "bos_id": 2, "eos_id": 3, "positional": "sinusoidal",
        "causal_mask": True, "scale_scores": True, "scale_embeddings": True, "norm_first": False,
    }  # fmt: skip
    cfg = ModelConfig.from_dict(v1)
    assert (cfg.activation, cfg.positional, cfg.output_bias) == ("relu", "sinusoidal", False)
    assert cfg.decoder_start_id == cfg.bos_id and set(cfg.never_output) == {cfg.pad_id, cfg.unk_id, cfg.bos_id}
    with pytest.raises(ConfigError, match="unknown key"):
        ModelConfig.from_dict({**v1, "activation": "swish"})  # a version-1 file cannot carry the new keys
    with pytest.raises(ConfigError, match="missing n_heads"):
        ModelConfig.from_dict({k: v for k, v in v1.items() if k != "n_heads"})


@pytest.mark.parametrize("bad", [{"activation": "tanh"}, {"positional": "rotary"}])
def test_values_out_of_range_are_refused(bad):
    with pytest.raises(ConfigError):
        ModelConfig(**bad)
