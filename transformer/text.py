"""Messages the library writes for people (quiz questions, labels): a template and its fields.

The library stays free of any language choice: `str(Text(...))` is the English sentence, and the
app looks the template up in its catalog (`ui.i18n.tt`) before filling in the same fields, so the
numbers are formatted once, the same way, in every language. A field may itself be a `Text`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    template: str  # str.format fields, e.g. "head {n}"
    fields: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        return self.template.format(**{k: str(v) if isinstance(v, Text) else v for k, v in self.fields})


def msg(template: str, /, **fields) -> Text:
    """`msg("head {n}", n=3)`: a Text whose English is "head 3"."""
    return Text(template, tuple(fields.items()))
