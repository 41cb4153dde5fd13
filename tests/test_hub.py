"""Loading by Hub id when the Hub cannot be reached: the cache at once, or one sentence at once.

Without this, huggingface_hub retries each request for ~25 s, printing a warning per retry.
The Hub endpoint is pointed at a closed local port, so "unreachable" is real, not mocked.
"""

from __future__ import annotations

import shutil
import socket
import time
from pathlib import Path

import pytest

from tests.helpers import SEEDS, cli
from translate_summarize.config import TranslatorConfig
from translate_summarize.errors import ModelLoadError
from translate_summarize.translation import hub
from translate_summarize.translation.translator import Translator

REPO = "example-org/tiny-nllb"
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def hub_cache(root: Path, model: Path) -> Path:
    """A Hugging Face cache holding ``model`` as ``REPO`` at ``main``, laid out as the hub does."""
    repo = root / f"models--{REPO.replace('/', '--')}"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(COMMIT)
    shutil.copytree(model, repo / "snapshots" / COMMIT)
    return root


@pytest.fixture
def unreachable_hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No HF_HUB_OFFLINE, no proxy, the endpoint a closed port, an empty cache in tmp_path."""
    from huggingface_hub import constants

    for name in ("HF_HUB_OFFLINE", *hub.PROXY_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(constants, "ENDPOINT", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_closed_endpoint_is_unreachable(unreachable_hub: Path) -> None:
    assert hub.reachable(timeout=1) is False


def test_listening_endpoint_is_reachable(unreachable_hub: Path, monkeypatch) -> None:
    from huggingface_hub import constants

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        monkeypatch.setattr(constants, "ENDPOINT", f"http://127.0.0.1:{server.getsockname()[1]}")
        assert hub.reachable(timeout=1) is True


def test_behind_a_proxy_the_probe_does_not_decide(unreachable_hub: Path, monkeypatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    assert hub.reachable(timeout=1) is True


@pytest.mark.parametrize("offline", ["1", "true", "YES", " on "])
def test_offline_requested_reads_the_usual_values(offline: str, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", offline)
    assert hub.offline_requested() is True


def test_local_folder_and_offline_mode_are_not_probed(tiny_nllb: Path, monkeypatch) -> None:
    def no_probe(*args, **kwargs):
        raise AssertionError("the Hub was probed")

    monkeypatch.setattr(hub, "reachable", no_probe)
    assert hub.resolve(str(tiny_nllb)) == str(tiny_nllb)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert hub.resolve(REPO) == REPO


def test_uncached_model_fails_at_once_in_one_sentence(unreachable_hub: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(ModelLoadError) as caught:
        hub.resolve(REPO)
    assert time.perf_counter() - started < 10  # huggingface_hub's retries alone take ~25 s
    message = str(caught.value)
    assert f"{REPO!r}" in message and "the Hub cannot be reached" in message
    assert "\n" not in message


def test_cached_model_loads_from_the_cache(unreachable_hub: Path, tiny_nllb: Path) -> None:
    hub_cache(unreachable_hub, tiny_nllb)
    assert Path(hub.resolve(REPO)) == unreachable_hub / f"models--{REPO.replace('/', '--')}" / (
        f"snapshots/{COMMIT}"
    )
    translator = Translator(TranslatorConfig(model=REPO, max_length=8))
    assert translator.info["model"] == REPO
    assert [t.text for t in translator.translate(["नमस्ते दुनिया।"])][0]


def cli_without_hub(tmp_path: Path, *args: str):
    """The real CLI in a subprocess: not offline by flag, but the Hub is a closed port."""
    return cli(
        *args,
        env={
            "HF_HUB_OFFLINE": "0",
            "HF_ENDPOINT": f"http://127.0.0.1:{closed_port()}",
            "HF_HUB_CACHE": str(tmp_path / "cache"),
            "HTTPS_PROXY": "",
            "https_proxy": "",
            "ALL_PROXY": "",
            "all_proxy": "",
        },
        timeout=120,
    )


def test_cli_uses_a_cached_model_without_retries(tmp_path: Path, tiny_nllb: Path) -> None:
    hub_cache(tmp_path / "cache", tiny_nllb)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    proc = cli_without_hub(tmp_path, "translate", str(seed), "--model", REPO)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    assert "Retrying" not in proc.stderr


def test_cli_reports_an_uncached_model_in_one_line_without_retries(tmp_path: Path) -> None:
    started = time.perf_counter()
    proc = cli_without_hub(tmp_path, "translate", str(sorted(SEEDS.glob("*.txt"))[0]))
    assert time.perf_counter() - started < 30
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "the Hub cannot be reached" in lines[0], proc.stderr
    assert "Retrying" not in proc.stderr and "Traceback" not in proc.stderr
