"""The Ray engine: the same stages as a Ray Data pipeline on a cluster (``engine: ray``).

Chunks of documents flow through ``map_batches`` into an actor pool; each actor loads one
``Translator`` and summarizer when it starts and runs the same windows as the local engine on
each chunk (``LocalEngine.process_chunk``), so a chunk's batches — and its briefs — come out
the same, and each window streams back as it is done. Results
stream back in input order to the driver, which alone writes briefs and the manifest, keeping
the incremental, crash-safe bookkeeping of the local engine.

Connects to ``ray.address`` or ``RAY_ADDRESS`` when set, otherwise starts Ray on this machine.
Ray is an optional extra: ``pip install 'translate_summarize[ray]'``.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Iterable, Iterator
from typing import Any

from translate_summarize.config import RunConfig
from translate_summarize.engine.local import LocalEngine, models_info
from translate_summarize.errors import ConfigError, TranslateSummarizeError, first_line
from translate_summarize.record import Document
from translate_summarize.translation.ctranslate2_backend import model_folder
from translate_summarize.translation.transformers_backend import refuse_remote_code_models

log = logging.getLogger(__name__)


class ChunkWorker:
    """A Ray actor: loads the models once, then processes pickled chunks of documents."""

    def __init__(self, config_json: str) -> None:
        self.engine = LocalEngine(RunConfig.model_validate_json(config_json))

    def __call__(self, batch: dict[str, Any]) -> Iterator[dict[str, Any]]:
        # A generator: Ray Data streams each window back as it is yielded, so the driver
        # writes and counts documents window by window, as the local engine does.
        for blob in batch["chunk"]:
            for window in self.engine.process_chunk(pickle.loads(blob)):
                yield {"chunk": [pickle.dumps(window)]}


class RayEngine:
    """Runs the stages on Ray; models are described from the config, loaded only in the actors."""

    def __init__(self, config: RunConfig) -> None:
        try:
            import ray
        except ImportError:
            raise ConfigError(
                "engine: ray needs the ray package; install it with "
                "`pip install 'translate_summarize[ray]'`."
            ) from None
        if config.translator.memory.enabled:
            # Workers may run on other machines, and one SQLite file is not shared across them.
            log.warning(
                "translation memory is not used with engine: ray (its workers may run on other "
                "machines); repeats within a chunk are still translated once. Set "
                "translator.memory.enabled: false to silence this."
            )
            config = config.model_copy(deep=True)
            config.translator.memory.enabled = False
        self.config = config
        self.models = models_info(config)
        check_loadable(config)
        if not ray.is_initialized():
            address = config.ray.address or os.environ.get("RAY_ADDRESS")
            ray.init(address=address, include_dashboard=False, log_to_driver=False)

    def process(self, chunks: Iterable[list[Document]]) -> Iterator[list[Document]]:
        import ray

        ray.data.DataContext.get_current().execution_options.preserve_order = True
        items = [{"chunk": pickle.dumps(chunk)} for chunk in chunks]
        if not items:
            return
        settings = self.config.ray
        dataset = ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
            ChunkWorker,
            fn_constructor_args=(self.config.model_dump_json(),),
            batch_size=1,
            concurrency=settings.num_workers,
            num_cpus=settings.num_cpus_per_worker,
            num_gpus=settings.num_gpus_per_worker,
        )
        try:
            for row in dataset.iter_rows():
                yield pickle.loads(row["chunk"])
        except Exception as exc:  # noqa: BLE001 - a dead worker pool is one clear sentence
            raise TranslateSummarizeError(
                f"The Ray engine failed: {first_line(exc, 300)}"
            ) from None


def check_loadable(config: RunConfig) -> None:
    """Fail on the driver, in one sentence, if the workers could not load the models."""
    if config.translator.backend == "ctranslate2":
        # Converts a checkpoint once, here, so workers sharing the cache find it converted.
        model_folder(config.translator)
        return
    refuse_remote_code_models(config.translator)  # the same check the workers' backend makes
