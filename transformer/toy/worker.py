"""The child process of a `ToyJob`: trains, and writes each message to stdout as a length-prefixed
pickle. Run by job.py as `python -m transformer.toy.worker '<settings as JSON>' <report_every>`; a
SIGUSR1 asks it to stop early (it still sends the weights and a last full evaluation)."""

import json
import os
import pickle
import signal
import struct
import sys
import threading

import torch

from .training import ToySettings, new_run, train


def send(message: tuple) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.write(struct.pack("<Q", len(data)) + data)
    sys.stdout.buffer.flush()


def main() -> None:
    settings, report_every = ToySettings(**json.loads(sys.argv[1])), float(sys.argv[2])
    stop = threading.Event()
    signal.signal(signal.SIGUSR1, lambda *_: stop.set())
    torch.set_num_threads(1)  # one core for the learner; the web server keeps the rest
    try:
        os.nice(5)
    except OSError:
        pass
    try:
        run = new_run(settings)
        for report in train(run, report_every, should_stop=stop.is_set):
            send(("report", report))
        # numpy, not tensors: plain arrays pickle without torch's shared-memory machinery
        send(("done", run.steps, run.seconds, {k: v.detach().cpu().numpy() for k, v in run.model.state_dict().items()}))
    except Exception as e:  # reported to the page as one line, never a traceback
        send(("error", f"{type(e).__name__}: {e}"))


if __name__ == "__main__":
    main()
