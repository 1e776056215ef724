"""A toy training in a child process, and the one-at-a-time slot a server shares.

The child has its own interpreter (no lock shared with the web server's threads), one torch thread
and a lower CPU priority, so other visitors' pages stay fast while someone trains; it stops at the
time cap or when asked, and sends its reports and final weights back through a queue."""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
import time
from dataclasses import dataclass

import torch

from .training import MAX_SECONDS, Progress, ToyRun, ToySettings, new_run, train


def _worker(settings: ToySettings, report_every: float, out: mp.Queue, stop) -> None:
    torch.set_num_threads(1)
    try:
        os.nice(5)
    except OSError:
        pass
    try:
        run = new_run(settings)
        for report in train(run, report_every, should_stop=stop.is_set):
            out.put(("report", report))
        # numpy, not tensors: torch would share tensors through file descriptors that die with this process
        state = {k: v.detach().cpu().numpy() for k, v in run.model.state_dict().items()}
        out.put(("done", run.steps, run.seconds, state))
    except Exception as e:  # reported to the page as one line, never a traceback
        out.put(("error", f"{type(e).__name__}: {e}"))


class ToyJob:
    """Start training at once; `poll()` collects reports; `run` holds the model once `finished`."""

    def __init__(self, settings: ToySettings, report_every: float = 2.0):
        ctx = mp.get_context("spawn")  # a fresh interpreter: safe under a threaded web server
        self.settings = settings
        self.run: ToyRun = new_run(settings)  # the weights land here when the child finishes
        self.error: str | None = None
        self.finished = False
        self.started = time.monotonic()
        self._queue, self._stop = ctx.Queue(), ctx.Event()
        self._process = ctx.Process(target=_worker, args=(settings, report_every, self._queue, self._stop), daemon=True)
        self._process.start()

    @property
    def deadline(self) -> float:
        """Monotonic time by which the child must be done (its cap plus start-up and evaluation)."""
        return self.started + min(self.settings.seconds, MAX_SECONDS) + 60

    def stop(self) -> None:
        """Ask the child to end now; it still sends its weights and a last full evaluation."""
        self._stop.set()

    def poll(self, wait: float = 0.0) -> list[Progress]:
        """New reports since the last call (waiting up to `wait` seconds for the first one)."""
        new: list[Progress] = []
        while not self.finished:
            try:
                kind, *payload = self._queue.get(timeout=wait if not new else 0.01)
            except queue.Empty:
                if not self._process.is_alive() or time.monotonic() > self.deadline:
                    self._fail("the training process ended without its result")
                break
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
        if self._process.is_alive():
            self._process.kill()

    def close(self) -> None:
        """End the child if it still runs (e.g. the visitor left)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join(timeout=5)


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
