"""Score a translation model on FLORES-200 devtest Hindi→English with sacrebleu.

With real weights this reproduces a model's published chrF++/BLEU in one command; here the
tests run it on a tiny model. The FLORES-200 devtest files ship inside the package
(``translate_summarize/data/flores200-devtest``, CC BY-SA 4.0, licence notice beside them), so
``eval`` works after a normal install; another copy can be given with ``--data``.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from importlib.resources import files
from pathlib import Path

from translate_summarize.config import TranslatorConfig
from translate_summarize.errors import InputError
from translate_summarize.translation.translator import Translator

DEFAULT_DATA = Path(str(files("translate_summarize") / "data" / "flores200-devtest"))


@dataclass
class EvalResult:
    """Scores and timing of one evaluation run."""

    model: str
    backend: str
    sentences: int
    chrf_pp: float
    bleu: float
    seconds: float
    sentences_per_s: float

    def as_dict(self) -> dict:
        return asdict(self)


def load_flores(
    data: Path, src: str = "hin_Deva", tgt: str = "eng_Latn"
) -> tuple[list[str], list[str]]:
    """Line-aligned FLORES devtest sources and references."""
    paths = [data / f"{lang}.devtest" for lang in (src, tgt)]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise InputError(
            f"FLORES-200 devtest files not found: {', '.join(missing)}; pass --data with a folder "
            f"holding {src}.devtest and {tgt}.devtest."
        )
    sources, references = (p.read_text(encoding="utf-8").splitlines() for p in paths)
    if len(sources) != len(references):
        raise InputError(f"{paths[0]} and {paths[1]} differ in length; they must be line-aligned.")
    return sources, references


def evaluate(
    config: TranslatorConfig, data: Path = DEFAULT_DATA, limit: int | None = None
) -> EvalResult:
    """Translate FLORES devtest with ``config`` and score it (chrF++ and BLEU, sacrebleu)."""
    import sacrebleu

    sources, references = load_flores(data, config.src_lang, config.tgt_lang)
    sources, references = sources[:limit], references[:limit]
    translator = Translator(config)
    started = time.perf_counter()
    hypotheses = [t.text for t in translator.translate(sources)]
    seconds = time.perf_counter() - started
    chrf = sacrebleu.corpus_chrf(hypotheses, [references], word_order=2)
    bleu = sacrebleu.corpus_bleu(hypotheses, [references])
    return EvalResult(
        model=config.model,
        backend=config.backend,
        sentences=len(sources),
        chrf_pp=round(chrf.score, 2),
        bleu=round(bleu.score, 2),
        seconds=round(seconds, 3),
        sentences_per_s=round(len(sources) / seconds, 3) if seconds else 0.0,
    )
