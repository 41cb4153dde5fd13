"""The Hugging Face Hub: where a model is loaded from (a local folder, the Hub, or the Hub's local
cache), and uploading an exported dataset.

When the Hub cannot be reached, huggingface_hub retries every file request for about 25 seconds,
printing a warning per retry, before it fails. Neither outcome needs that wait: a cached model
loads from the cache, and an uncached one cannot be fetched. So before loading a Hub id we check,
in at most a few seconds, whether the Hub accepts a connection; if not, we load from the cache.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

from translate_summarize.errors import HubError, ModelLoadError, first_line

TRUE_VALUES = {"1", "true", "yes", "on"}
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")
CONNECT_TIMEOUT = 3.0


def offline_requested() -> bool:
    """Whether the user set ``HF_HUB_OFFLINE`` (then huggingface_hub itself stays offline)."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in TRUE_VALUES


def reachable(timeout: float = CONNECT_TIMEOUT) -> bool:
    """Whether the Hub endpoint (``HF_ENDPOINT``) accepts a TCP connection within ``timeout``.

    Behind a proxy a direct connection proves nothing, so the answer is then always yes and
    huggingface_hub decides as usual.
    """
    if any(os.environ.get(name) for name in PROXY_VARIABLES):
        return True
    from huggingface_hub import constants

    url = urlparse(constants.ENDPOINT)
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((url.hostname or "", port), timeout=timeout):
            return True
    except OSError:  # unresolvable name, refused or timed-out connection
        return False


def resolve(model: str, kind: str = "translation") -> str:
    """``model`` as something ``from_pretrained`` loads without waiting on an unreachable Hub.

    A local folder, or a Hub id while the Hub is reachable (or ``HF_HUB_OFFLINE`` is set), is
    returned unchanged. A Hub id while the Hub is unreachable becomes its cached snapshot folder;
    if it is not cached, a :class:`ModelLoadError` says so at once.
    """
    if Path(model).is_dir():
        return model
    if looks_like_path(model):
        what = "is a file, not a folder" if Path(model).is_file() else "no such folder"
        raise ModelLoadError(
            f"Cannot load {kind} model {model!r}: {what}. Check the path (config or "
            "--model), or give a Hugging Face Hub id such as facebook/nllb-200-distilled-600M."
        )
    if offline_requested() or reachable():
        return model
    from huggingface_hub import snapshot_download

    try:
        return snapshot_download(model, local_files_only=True)
    except Exception as exc:  # noqa: BLE001 - not cached (or not a valid id): one sentence
        raise load_failure(kind, model, exc, unreachable=True) from exc


def looks_like_path(model: str) -> bool:
    """Whether ``model`` can only be a local path: a Hub id is ``name`` or ``org/name``."""
    return (
        model.startswith(("/", ".", "~"))
        or "\\" in model
        or model.count("/") > 1
        or Path(model).is_file()
    )


def load_failure(
    kind: str, model: str, exc: BaseException, unreachable: bool = False
) -> ModelLoadError:
    """One clear sentence saying which model failed to load and what to do about it.

    ``unreachable``: the Hub was found unreachable before loading, so only the cache was tried.
    """
    if offline_requested():
        reason = (
            "it is not a local folder and is not in the Hugging Face cache (HF_HUB_OFFLINE is set)"
        )
    elif unreachable or _looks_like_network_error(exc):
        reason = (
            "it is not a local folder, not in the Hugging Face cache, and the Hub cannot be reached"
        )
    else:
        reason = first_line(exc, 300).rstrip(".")
    return ModelLoadError(
        f"Cannot load {kind} model {model!r}: {reason}. Point the config (or --model) at a local "
        "folder holding the checkpoint, or allow downloads from the Hugging Face Hub once "
        "(unset HF_HUB_OFFLINE, check the network) so it is cached."
    )


def _looks_like_network_error(exc: BaseException) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return any(word in text for word in ("connect", "resolve", "network", "offline", "timed out"))


LOGIN_HINT = "log in with `hf auth login` (or set HF_TOKEN)"


def push_folder(folder: Path, repo: str) -> None:
    """Upload the exported folder as it is to the Hub dataset repo ``repo``: the repo then holds
    the same files ``load_dataset(folder)`` reads. One clear error when offline or not logged in.
    """
    import huggingface_hub

    if offline_requested():
        raise HubError(f"Cannot push to {repo!r}: HF_HUB_OFFLINE is set; unset it to upload.")
    try:
        if not huggingface_hub.get_token():
            raise HubError(f"Cannot push to {repo!r}: not logged in; {LOGIN_HINT}.")
        if not reachable():
            raise HubError(f"Cannot push to {repo!r}: the Hub is not reachable; check the network.")
        api = huggingface_hub.HfApi()
        api.create_repo(repo, repo_type="dataset", exist_ok=True)
        # Data files of an earlier upload that this export does not have are deleted in the same
        # commit, so the repo never mixes old shards with new ones (as the folder never does).
        api.upload_folder(
            repo_id=repo,
            folder_path=str(folder),
            repo_type="dataset",
            delete_patterns=["*.parquet", "*.jsonl", "*.arrow", "*.json"],
        )
    except HubError:
        raise
    except Exception as exc:  # noqa: BLE001 - network/auth problems become one sentence
        raise HubError(
            f"Cannot push to {repo!r}: {first_line(exc, 200)}. Check the network and {LOGIN_HINT}."
        ) from None
