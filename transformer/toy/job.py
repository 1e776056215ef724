"""A toy training in a child process, and the one-at-a-time slot a server shares.

The child has its own interpreter (no lock shared with the web server's threads), one torch thread
and a lower CPU priority, so other visitors' pages stay fast while someone trains; it stops at the
time cap or when asked, and sends its reports and final weights back through a pipe."""

from __future__ import annotations

import json
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import torch

from .training import MAX_SECONDS, Progress, ToyRun, ToySettings, new_run

ROOT = Path(__file__).resolve().parents[2]  # the folder that holds the `transformer` package


class ToyJob:
    """Start training at once in a child process; `poll()` collects reports; `run` holds the model
    once `finished`.

    The child is a fresh `python -m transformer.toy.worker`, not a multiprocessing child: those
    re-run the parent's main script, which under `streamlit run` is the whole app."""

    def __init__(self, settings: ToySettings, report_every: float = 2.0):
        self.settings = settings
        self.run: ToyRun = new_run(settings)  # the weights land here when the child finishes
        self.error: str | None = None
        self.finished = False
        self.started = time.monotonic()
        self._messages: queue.Queue = queue.Queue()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "transformer.toy.worker", json.dumps(asdict(settings)), str(report_every)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        """Read the child's length-prefixed pickled messages until it closes its output."""
        out = self._process.stdout
        while (head := out.read(8)) and len(head) == 8:
            (n,) = struct.unpack("<Q", head)
            self._messages.put(pickle.loads(out.read(n)))
        self._messages.put(None)  # the child is gone

    @property
    def deadline(self) -> float:
        """Monotonic time by which the child must be done (its cap plus start-up and evaluation)."""
        return self.started + min(self.settings.seconds, MAX_SECONDS) + 60

    def stop(self) -> None:
        """Ask the child to end now; it still sends its weights and a last full evaluation."""
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGUSR1)

    def poll(self, wait: float = 0.0) -> list[Progress]:
        """New reports since the last call (waiting up to `wait` seconds for the first one)."""
        new: list[Progress] = []
        while not self.finished:
            try:
                message = self._messages.get(timeout=wait if not new else 0.01)
            except queue.Empty:
                if time.monotonic() > self.deadline:
                    self._fail("the training took too long and was stopped")
                break
            if message is None:
                self._fail("the training process ended without its result")
                break
            kind, *payload = message
            if kind == "report":
                new.append(payload[0])
                self.run.history.append(payload[0])
            elif kind == "done":
                self.run.steps, self.run.seconds = payload[0], payload[1]
                self.run.model.load_state_dict({k: torch.from_numpy(v) for k, v in payload[2].items()})
                self.run.model.eval()
                self.finished = True
            else:
                self._fail(payload[0])
        return new

    def _fail(self, message: str) -> None:
        self.error, self.finished = message, True
        self.close()

    def close(self) -> None:
        """End the child if it still runs (e.g. the visitor left)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait(timeout=10)


@dataclass
class _Waiter:
    key: str
    seen: float


class TrainingSlot:
    """One toy training at a time per server, in arrival order.

    Visitors `join` (and keep calling it while they wait: a waiter not seen for `patience` seconds
    has left and loses their place); position 0 may train; `leave` hands the slot on."""

    def __init__(self, patience: float = 15.0):
        self._lock = threading.Lock()
        self._line: list[_Waiter] = []
        self._holder_since: float | None = None
        self.patience = patience

    def join(self, key: str) -> int:
        """This visitor's place in the line: 0 means it is their turn."""
        now = time.monotonic()
        with self._lock:
            holder = self._line[0].key if self._line else None
            self._line = [w for w in self._line if w.key == holder or now - w.seen < self.patience]
            for w in self._line:
                if w.key == key:
                    w.seen = now
                    break
            else:
                self._line.append(_Waiter(key, now))
            position = next(i for i, w in enumerate(self._line) if w.key == key)
            if position == 0 and self._holder_since is None:
                self._holder_since = now
            return position

    def leave(self, key: str) -> None:
        with self._lock:
            if self._line and self._line[0].key == key:
                self._holder_since = None
            self._line = [w for w in self._line if w.key != key]

    def busy_for(self) -> float:
        """Seconds the current holder has trained so far (0 when the slot is free)."""
        with self._lock:
            return time.monotonic() - self._holder_since if self._holder_since is not None else 0.0

    def expire(self, max_hold: float) -> None:
        """Free the slot from a holder that kept it past `max_hold` seconds (a tab closed mid-training)."""
        with self._lock:
            if self._holder_since is not None and time.monotonic() - self._holder_since > max_hold:
                self._line.pop(0)
                self._holder_since = None
