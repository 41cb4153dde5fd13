"""What a translation depends on, hashed for keys: a model's identity (not how its path is
spelled), the settings that change output, and the fingerprint of both. Document keys
(:mod:`~translate_summarize.output.manifest`) and the translation memory hash the same.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from translate_summarize.config import TranslatorConfig, normalize_model
from translate_summarize.version import __version__

# Small files that define a model folder are hashed whole; weights count by size and mtime, so
# a 2 GB checkpoint is never read just to compute a key.
_HASHED_MAX_BYTES = 1 << 20


def model_identity(model: str) -> str:
    """What a model *is*, for incremental keys: independent of how its path is spelled.

    A local folder is its resolved path plus a fingerprint of its files; a hub id is the id
    plus the revision in the local cache, when one is cached.
    """
    normalized = normalize_model(model)
    folder = Path(normalized)
    if folder.is_dir():
        return f"{normalized}@{folder_fingerprint(folder)}"
    revision = _cached_revision(normalized)
    return f"{normalized}@{revision}" if revision else normalized


def folder_fingerprint(folder: Path) -> str:
    """Hash of a model folder's top-level files: small ones by content, large ones by size and
    modification time."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0".encode())
        if stat.st_size <= _HASHED_MAX_BYTES:
            digest.update(path.read_bytes())
        else:
            digest.update(str(stat.st_mtime_ns).encode())
    return digest.hexdigest()[:16]


def _cached_revision(model_id: str) -> str | None:
    """The commit of ``model_id`` that the Hugging Face cache holds, if any (no network)."""
    try:
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(model_id, "config.json")
    except Exception:  # noqa: BLE001 - not a valid repo id: no revision to add
        return None
    return Path(found).parent.name if isinstance(found, str) else None


# Settings that change speed but not output are left out of the keys.
_SPEED_ONLY = {"threads", "inter_threads", "max_batch_tokens", "device", "memory", "cache_dir"}


def translation_settings(translator: TranslatorConfig, info: dict[str, Any]) -> dict[str, Any]:
    """Everything besides the source string that decides its translation: the translator's
    output-changing settings, the model as described by ``Translator.info`` and the tool
    version. Document keys and the translation memory's keys both hash it.

    The model counts by identity (:func:`model_identity`): a folder by its files, so a model
    replaced at the same path never serves old translations.
    """
    settings = translator.model_dump(mode="json", exclude=_SPEED_ONLY)
    settings["model"] = model_identity(settings["model"])
    return {"tool": __version__, "translator": settings, "translator_model": identified(info)}


def identified(info: dict[str, Any]) -> dict[str, Any]:
    """A model description (``Translator.info``, ``Summarizer.info``) with its ``model`` given
    by :func:`model_identity`, so the keys that hash it do not depend on path spelling."""
    return {**info, "model": model_identity(info["model"])} if info.get("model") else info


def fingerprint(settings: dict[str, Any]) -> str:
    """A stable hash of JSON-able settings."""
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()
