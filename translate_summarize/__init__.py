"""translate_summarize: Hindi news articles to parallel Hindi/English bilingual briefs.

The public API (see the README's *Python API*)::

    from translate_summarize import Translator, TranslatorConfig, clean, split_sentences

    sentences = split_sentences(clean(article).text)
    translator = Translator(TranslatorConfig(model="facebook/nllb-200-distilled-600M"))
    english = [t.text for t in translator.translate(sentences)]

and a whole batch run: ``run(load_config("configs/nightly.yaml"))``. Anything not listed in
``__all__`` is internal and may move.

Each name is imported from its module when first used, so ``import translate_summarize`` (and
the CLI's start) does no work, and any module of the package can be imported on its own.
"""

from __future__ import annotations

import importlib
from typing import Any

from translate_summarize.errors import (
    ConfigError,
    ConfigProblem,
    HubError,
    InputError,
    Interrupted,
    ModelLoadError,
    OutputError,
    TranslateSummarizeError,
)
from translate_summarize.version import __version__

_HOMES = {
    "load_config": "translate_summarize.config",
    "RunConfig": "translate_summarize.config",
    "TranslatorConfig": "translate_summarize.config",
    "run": "translate_summarize.engine.pipeline",
    "RunResult": "translate_summarize.record",
    "Translator": "translate_summarize.translation.translator",
    "Translation": "translate_summarize.translation.translator",
    "clean": "translate_summarize.text.clean",
    "split_sentences": "translate_summarize.text.segment",
    "check": "translate_summarize.text.quality",
}
"""Public name → the module that defines it."""

__all__ = [
    "ConfigError",
    "ConfigProblem",
    "HubError",
    "InputError",
    "Interrupted",
    "ModelLoadError",
    "OutputError",
    "TranslateSummarizeError",
    "__version__",
    *_HOMES,
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'translate_summarize' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value  # once imported, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
