"""translate_summarize: Hindi news articles to parallel Hindi/English bilingual briefs.

The public API (see the README's *Python API*)::

    from translate_summarize import Translator, TranslatorConfig, clean, split_sentences

    sentences = split_sentences(clean(article).text)
    translator = Translator(TranslatorConfig(model="facebook/nllb-200-distilled-600M"))
    english = [t.text for t in translator.translate(sentences)]

and a whole batch run: ``run(load_config("configs/nightly.yaml"))``. Anything not listed in
``__all__`` is internal and may move.
"""

from translate_summarize.version import __version__  # noqa: I001 - first: modules below read it

from translate_summarize.clean import clean
from translate_summarize.config import RunConfig, TranslatorConfig, load_config
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
from translate_summarize.pipeline import RunResult, run
from translate_summarize.quality import check
from translate_summarize.segment import split_sentences
from translate_summarize.translate import Translation, Translator

__all__ = [
    "ConfigError",
    "ConfigProblem",
    "HubError",
    "InputError",
    "Interrupted",
    "ModelLoadError",
    "OutputError",
    "RunConfig",
    "RunResult",
    "TranslateSummarizeError",
    "Translation",
    "Translator",
    "TranslatorConfig",
    "__version__",
    "check",
    "clean",
    "load_config",
    "run",
    "split_sentences",
]
