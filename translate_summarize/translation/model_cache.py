"""Automatic CTranslate2 conversion: a hub id or checkpoint folder becomes a cached CT2 model once.

The ctranslate2 backends take what a user names in the config — a hub id, a transformers
checkpoint folder, or a folder ``models convert`` made — and need a CTranslate2 folder. A
CTranslate2 folder is used as it is. Anything else is converted on first use into the cache
(``translator.cache_dir``, else ``$TRANSLATE_SUMMARIZE_CACHE``, else
``$XDG_CACHE_HOME/translate_summarize``, else ``~/.cache/translate_summarize``), under
``ct2/<name>-<version>-<quantization>[-vmap-<lang>]``: the version is the Hub revision, or for
a local folder a hash of its files' names, sizes and modification times, so a changed
checkpoint is converted again and an unchanged one never is. A lock file makes a second run
that starts meanwhile wait for the first conversion instead of repeating it; the conversion
itself writes beside the target and renames (see
:func:`translate_summarize.translation.conversion.convert`).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from translate_summarize.errors import ModelLoadError
from translate_summarize.translation.conversion import convert
from translate_summarize.translation.hub import load_failure, resolve

CACHE_ENV = "TRANSLATE_SUMMARIZE_CACHE"
# Hub files a conversion needs: config, tokenizer, weights (safetensors preferred).
_HUB_FILES = ["*.json", "*.model", "*.txt", "*.SRC", "*.TGT"]


def cache_root(configured: Path | str | None = None) -> Path:
    """The tool's cache folder: the config's, then the environment's, then the XDG default."""
    if configured:
        return Path(configured).expanduser()
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "translate_summarize"


def is_ct2_model(folder: Path) -> bool:
    """Whether ``folder`` holds a CTranslate2 model (its ``model.bin``)."""
    return (Path(folder) / "model.bin").is_file()


def best_quantization(device: str) -> str:
    """int8 on a CPU; on a GPU the fastest type it supports (int8 with float16, float16…)."""
    if device == "cpu":
        return "int8"
    import ctranslate2

    supported = ctranslate2.get_supported_compute_types(device)
    return next((t for t in ("int8_float16", "float16", "int8") if t in supported), "float32")


def ct2_model(
    model: str,
    kind: str,
    quantization: str,
    cache_dir: Path | str | None = None,
    vmap_lang: str | None = None,
) -> Path:
    """A CTranslate2 folder for ``model``: itself if it is one, else its cached conversion.

    ``vmap_lang`` asks for a vocabulary map of that target language in a new conversion.
    """
    folder = Path(model)
    if is_ct2_model(folder):
        return folder
    if folder.is_absolute() and not folder.exists():
        raise missing_folder(kind, model)
    source, version = checkpoint(model, kind)
    name = f"{_slug(model)}-{version}-{quantization}" + (f"-vmap-{vmap_lang}" if vmap_lang else "")
    target = cache_root(cache_dir) / "ct2" / name
    if is_ct2_model(target):
        return target
    with _locked(target.with_name(f".{name}.lock")):
        if not is_ct2_model(target):  # another run may have converted it while we waited
            _convert(model, source, target, quantization, vmap_lang)
    return target


def missing_folder(kind: str, model: str) -> ModelLoadError:
    """A configured model folder that does not exist: say how to make it, or what else works."""
    return ModelLoadError(
        f"Cannot load {kind} model {model!r}: no such folder. Set the model to a hub id "
        "or a transformers checkpoint folder (converted automatically, once), or create this "
        f"folder with `translate-summarize models convert HUB_ID_OR_CHECKPOINT --to {model}`."
    )


def checkpoint(model: str, kind: str) -> tuple[Path, str]:
    """The checkpoint as a local folder, and a short id of its exact version."""
    folder = Path(model)
    if folder.is_dir():
        return folder, _folder_hash(folder)
    snapshot = _snapshot(model, kind)
    return snapshot, snapshot.name[:12]  # snapshot folders are named by commit hash


def _snapshot(model: str, kind: str) -> Path:
    resolved = resolve(model, kind)  # the cached snapshot at once when the Hub is unreachable
    if Path(resolved).is_dir():
        return Path(resolved)
    from huggingface_hub import snapshot_download

    try:
        folder = Path(snapshot_download(model, allow_patterns=[*_HUB_FILES, "*.safetensors"]))
        if not any(folder.glob("*.safetensors")):
            folder = Path(snapshot_download(model, allow_patterns=[*_HUB_FILES, "*.bin"]))
    except Exception as exc:  # noqa: BLE001 - one clear sentence naming the model
        raise load_failure(kind, model, exc) from None
    return folder


def _folder_hash(folder: Path) -> str:
    """Names, sizes and modification times of a folder's files: cheap, and any edit shows."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


def _slug(model: str) -> str:
    name = Path(model).name if Path(model).is_dir() else model.replace("/", "--")
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "model"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``path``, released when the process ends however it ends."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _convert(model: str, source: Path, target: Path, quantization: str, vmap_lang: str | None):
    print(
        f"converting {model} to CTranslate2 ({quantization}) in {target}; "
        "done once, later runs reuse it",
        file=sys.stderr,
        flush=True,
    )
    started = time.monotonic()
    with _spinner(f"converting {model}"):
        convert(
            str(source),
            target,
            quantization,
            tgt_lang=vmap_lang or "eng_Latn",
            vmap=vmap_lang is not None,
            force=True,
            extra={"source_model": model, "source_folder": str(source), "automatic": True},
        )
    print(f"converted {model} in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)


@contextmanager
def _spinner(text: str) -> Iterator[None]:
    """A spinner with the elapsed time on a terminal; nothing otherwise (cron, logs)."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(text):
        yield
