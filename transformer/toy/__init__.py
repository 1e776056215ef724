"""Toy tasks and tiny Transformers trained on them in a minute (`python -m transformer.toy`).

The same `Transformer` class and `trace()` as the translator, a tiny config, and data that is
generated, never downloaded. Switches turn off what the paper argues for (positional encoding, the
causal mask, the division by sqrt(d_k), post-norm) so a learner can watch what each one is for."""

from .tasks import TASKS, Example, Task, ToyVocab, english_number, german_number, german_pieces, make_task
from .training import MAX_SECONDS, TINY, Progress, ToyRun, ToySettings, exact_match, new_run, train

__all__ = [
    "MAX_SECONDS",
    "TASKS",
    "TINY",
    "Example",
    "Progress",
    "Task",
    "ToyRun",
    "ToySettings",
    "ToyVocab",
    "english_number",
    "exact_match",
    "german_number",
    "german_pieces",
    "make_task",
    "new_run",
    "train",
]
