"""Save and load a checkpoint folder: weights + config.json + sentencepiece model (+ metrics, card)."""

from __future__ import annotations

import os
from pathlib import Path

import torch

from . import marian
from .config import ModelConfig
from .model import Transformer
from .text import Text, msg
from .tokenizer import Tokenizer

DEFAULT_CHECKPOINT = Path(__file__).resolve().parent.parent / "checkpoints" / "en-de"
WEIGHTS, CONFIG, SPM = "model.pt", "config.json", "spm.model"
STATE = "training.json"  # cumulative training time and updates, carried across --init-from
REBUILD = "python -m transformer.data && python -m transformer.train --out checkpoints/{name}"
FILES = (WEIGHTS, CONFIG, SPM)


class CheckpointError(RuntimeError):
    """A checkpoint folder that is missing or unreadable. The message names the folder, not the server's
    path, and says what to do: restore the shipped files from git (seconds), or train anew (hours).
    `text` is the message as a template and fields, for the app's other languages."""

    def __init__(self, text: Text):
        super().__init__(str(text))
        self.text = text


class DeviceError(ValueError):
    """An asked-for device that does not exist here (a typo, or cuda without a GPU)."""


def pick_device(name: str | None = None) -> torch.device:
    """`cuda` when a GPU is present, else the CPU; an explicit name wins if it exists here."""
    if not name:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        device = torch.device(name)
    except (RuntimeError, ValueError):
        raise DeviceError(f"unknown device {name!r}: use cpu or cuda") from None
    if device.type == "cuda" and not torch.cuda.is_available():
        raise DeviceError("device cuda asked for, but this machine has no usable GPU: use cpu")
    if device.type not in ("cpu", "cuda"):
        raise DeviceError(f"device {name!r} is not supported here: use cpu or cuda")
    return device


def serve_with_threads(n: int = 1) -> None:
    """Torch threads for a web server, where every visitor's rerun runs in its own Python thread: one
    torch thread each keeps several visitors from oversubscribing the cores, and batch-1 decoding
    gains nothing from more (benchmarks/decode_latency.py; app_latency measured 0.38 -> 0.29 s on the
    Attention page with a training run on the other core)."""
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)


def average_states(
    states: list[dict[str, torch.Tensor]], weights: list[float] | None = None
) -> dict[str, torch.Tensor]:
    """Element-wise weighted mean of state dicts of one model, in fp32 (default: equal weights).

    Checkpoint averaging (mean of the last few evaluations) and weight interpolation between a
    fine-tuned run and its start both use it."""
    weights = weights if weights is not None else [1 / len(states)] * len(states)
    return {k: sum(w * s[k].float() for s, w in zip(states, weights)) for k in states[0]}


def save(path: Path, model: Transformer, tokenizer: Tokenizer, half: bool = False) -> None:
    """Write weights (fp16 when `half`, to keep the shipped file small), config and tokenizer."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    state = {
        k: (v.half() if half and v.is_floating_point() else v).detach().cpu() for k, v in model.state_dict().items()
    }
    tmp = path / (WEIGHTS + ".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path / WEIGHTS)  # never leave a half-written checkpoint behind
    model.cfg.to_json(path / CONFIG)
    (path / SPM).write_bytes(tokenizer.serialized())


def load(
    path: Path | str = DEFAULT_CHECKPOINT, device: str | torch.device | None = None
) -> tuple[Transformer, Tokenizer]:
    """Load a checkpoint folder (ours, or a Hugging Face Marian folder) in eval mode on `device` (default: cuda
    if available)."""
    path = Path(path)
    if not path.exists():
        raise CheckpointError(
            msg(
                "There is no checkpoint folder '{name}'. Train one: `{command}`.",
                name=path.name,
                command=REBUILD.format(name=path.name),
            )
        )
    if path.is_file():
        raise CheckpointError(msg("'{name}' is a file; give the checkpoint folder that holds it.", name=path.name))
    if marian.is_marian_folder(path):
        return _load_marian(path, device)
    if not (path / CONFIG).is_file() and not (path / WEIGHTS).is_file():
        raise CheckpointError(
            msg(
                "'{name}' is not a checkpoint folder: ours hold config.json, model.pt and spm.model; a Hugging Face "
                "Marian folder holds config.json, model.safetensors, source.spm, target.spm and vocab.json.",
                name=path.name,
            )
        )
    if path.resolve() == DEFAULT_CHECKPOINT.resolve():  # the shipped model: git has every file
        fix = msg("Restore the shipped model with `git checkout -- checkpoints/{name}`.", name=path.name)
    else:
        fix = msg("Train it again: `{command}`.", command=REBUILD.format(name=path.name))
    for name in FILES:
        if not (path / name).is_file():
            raise CheckpointError(
                msg("The checkpoint folder '{name}' has no {file}. {fix}", name=path.name, file=name, fix=fix)
            )
    try:
        cfg = ModelConfig.from_json(path / CONFIG)
        tokenizer = Tokenizer(path / SPM)
        state = torch.load(path / WEIGHTS, map_location="cpu", weights_only=True)
        model = Transformer(cfg)
        model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state.items()})
    except CheckpointError:
        raise
    except Exception as e:  # any unreadable file: one clear line, not a traceback (nor the server's paths)
        raise CheckpointError(
            msg(
                "The checkpoint folder '{name}' is corrupt: its files cannot be read ({error}). {fix}",
                name=path.name,
                error=type(e).__name__,
                fix=fix,
            )
        ) from e
    if tokenizer.vocab_size != cfg.vocab_size:
        raise CheckpointError(
            msg(
                "The checkpoint folder '{name}' does not fit together: its tokenizer has {n_tok} pieces, "
                "its model {n_model}. {fix}",
                name=path.name,
                n_tok=tokenizer.vocab_size,
                n_model=cfg.vocab_size,
                fix=fix,
            )
        )
    return _placed(model, device), tokenizer


def _load_marian(path: Path, device) -> tuple[Transformer, marian.MarianTokenizer]:
    if missing := marian.missing_files(path):
        raise CheckpointError(
            msg(
                "The Marian folder '{name}' has no {file}: it needs the files `save_pretrained` writes, and "
                "source.spm, target.spm and vocab.json.",
                name=path.name,
                file=missing[0],
            )
        )
    try:
        model, tokenizer = marian.load(path)
    except marian.MarianError as e:
        raise CheckpointError(
            msg("The Marian folder '{name}' cannot be shown: {error}.", name=path.name, error=str(e))
        ) from None
    except Exception as e:
        raise CheckpointError(
            msg(
                "The Marian folder '{name}' is corrupt: its files cannot be read ({error}). Download it again.",
                name=path.name,
                error=type(e).__name__,
            )
        ) from e
    return _placed(model, device), tokenizer


def _placed(model: Transformer, device: str | torch.device | None) -> Transformer:
    """The model on `device` (a name, a torch.device, or None for cuda when available), in eval mode."""
    return model.to(device if isinstance(device, torch.device) else pick_device(device)).eval()


def is_complete(path: Path | str) -> bool:
    """A folder that holds every file a checkpoint needs (it may still fail to load): ours, or Marian's."""
    if marian.is_marian_folder(path):
        return not marian.missing_files(Path(path))
    return all((Path(path) / name).is_file() for name in FILES)
