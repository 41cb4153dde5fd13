"""The local engine: the stages in this process, models loaded once, chunks in order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from translate_summarize.config import RunConfig
from translate_summarize.engine.progress import Reporter
from translate_summarize.engine.stages import process_in_windows
from translate_summarize.record import Document
from translate_summarize.summary.summarizer import Summarizer, build_summarizer, describe_summarizer
from translate_summarize.translation.memory import Remembering, open_memory
from translate_summarize.translation.translator import Translator, describe_translator


def models_info(
    config: RunConfig, translator: Translator | None = None, summarizer: Summarizer | None = None
) -> dict[str, Any]:
    """What makes the briefs — model ids, backend, library versions. A loaded model describes
    itself; otherwise the config does (the two agree: ``Translator.info`` reads the config)."""
    return {
        "translator": translator.info if translator else describe_translator(config.translator),
        "summarizer": summarizer.info if summarizer else describe_summarizer(config.summarizer),
    }


class LocalEngine:
    """Runs the stages in this process: models load once, chunks are processed in order."""

    def __init__(
        self,
        config: RunConfig,
        translator: Translator | None = None,
        summarizer: Summarizer | None = None,
        reporter: Reporter | None = None,
    ) -> None:
        self.config, self.reporter = config, reporter
        self.translator = translator or Translator(config.translator)
        self.summarizer = summarizer or build_summarizer(config.summarizer, self.translator)
        self.models = models_info(config, self.translator, self.summarizer)
        memory = open_memory(config, self.models["translator"])
        self.remembering = Remembering(self.translator, memory)

    def process(self, chunks: Iterable[list[Document]]) -> Iterator[list[Document]]:
        """Documents of ``chunks`` in order, a window at a time as they are done."""
        try:
            for chunk in chunks:
                yield from self.process_chunk(chunk)
        finally:
            self.remembering.close()

    def process_chunk(self, chunk: list[Document]) -> Iterator[list[Document]]:
        """One chunk's documents, a window at a time (see :func:`process_in_windows`)."""
        args = (self.config, self.remembering, self.summarizer, self.reporter)
        return process_in_windows(chunk, *args)
