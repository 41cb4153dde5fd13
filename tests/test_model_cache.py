"""Automatic CTranslate2 conversion into the cache, and CTranslate2 as the default, on the tiny
NLLB model: hit and miss, a killed conversion, two runs converting at once, the seeds end to end
with configs/nightly.yaml."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import ROOT
from tests.tiny_models import flores_lines
from translate_summarize.cli import app
from translate_summarize.config import TranslatorConfig, load_config
from translate_summarize.translation import conversion, model_cache
from translate_summarize.translation.model_cache import cache_root, ct2_model, is_ct2_model
from translate_summarize.translation.translator import Translator

pytest.importorskip("ctranslate2")


def _translator(model: Path, cache: Path, **settings) -> Translator:
    options = {"beam_size": 1, "max_length": 8, "cache_dir": str(cache), **settings}
    return Translator(TranslatorConfig(model=str(model), **options))


def _converted(cache: Path) -> list[Path]:
    """Model folders a run would load: the cache's visible entries (staging folders are hidden
    ``.NAME.converting-PID-…`` siblings, and a run only ever opens the exact ``NAME``)."""
    visible = (p for p in (cache / "ct2").iterdir() if not p.name.startswith("."))
    return sorted(p for p in visible if is_ct2_model(p))


def test_default_backend_converts_once_then_reuses(tiny_nllb, tmp_path, monkeypatch) -> None:
    first = _translator(tiny_nllb, tmp_path)
    (folder,) = _converted(tmp_path)
    assert folder.name.endswith("-int8-vmap-eng_Latn") and first.backend.use_vmap
    metadata = conversion.read_metadata(folder)
    assert metadata["source_model"] == str(tiny_nllb) and metadata["vmap_check"].startswith("pass")
    assert first.info["source_model"] == str(tiny_nllb)

    def no_conversion(*args, **kwargs):
        raise AssertionError("converted again")

    monkeypatch.setattr(model_cache, "convert", no_conversion)
    second = _translator(tiny_nllb, tmp_path)  # a hit: no conversion
    assert [r.text for r in second.translate(flores_lines()[:3])] == [
        r.text for r in first.translate(flores_lines()[:3])
    ]


def test_changed_checkpoint_or_quantization_is_a_miss(tiny_nllb, tmp_path) -> None:
    a = ct2_model(str(tiny_nllb), "translation", "int8", tmp_path)
    assert ct2_model(str(tiny_nllb), "translation", "int8", tmp_path) == a
    b = ct2_model(str(tiny_nllb), "translation", "float32", tmp_path)
    config = tiny_nllb / "config.json"
    stat = config.stat()
    os.utime(config, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # an edited checkpoint
    try:
        c = ct2_model(str(tiny_nllb), "translation", "int8", tmp_path)
    finally:
        os.utime(config, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert len({a, b, c}) == 3 and all(is_ct2_model(p) for p in (a, b, c))


def test_a_ct2_folder_is_used_as_is(tiny_nllb, tmp_path) -> None:
    folder = ct2_model(str(tiny_nllb), "translation", "int8", tmp_path / "cache")
    assert ct2_model(str(folder), "translation", "int8", tmp_path / "other") == folder
    assert not (tmp_path / "other").exists()


def test_cache_location_config_then_environment_then_xdg(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TRANSLATE_SUMMARIZE_CACHE", str(tmp_path / "env"))
    assert cache_root(tmp_path / "cfg") == tmp_path / "cfg"
    assert cache_root() == tmp_path / "env"
    monkeypatch.delenv("TRANSLATE_SUMMARIZE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "translate_summarize"


def test_vmap_failing_the_coverage_check_is_not_written(tiny_nllb, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(conversion, "ENGLISH_PROBE", ("भारत is India",))
    translator = _translator(tiny_nllb, tmp_path)
    (folder,) = _converted(tmp_path)
    assert not (folder / conversion.VMAP_FILE).exists()
    assert conversion.read_metadata(folder)["vmap_check"].startswith("failed")
    assert translator.backend.use_vmap is False  # auto: no checked map, no restriction


def test_use_vmap_false_turns_the_map_off(tiny_nllb, tmp_path) -> None:
    assert _translator(tiny_nllb, tmp_path, use_vmap=False).backend.use_vmap is False


# A conversion in a child process. With a GATE path it stops before the final rename (lock
# held, files staged) until that file exists, so the test can kill it or start a rival.
CHILD = """
import os, sys, time
from translate_summarize.translation import conversion
from translate_summarize.cli import app
from translate_summarize.translation.model_cache import ct2_model
gate = sys.argv[3]
if gate != "-":
    replace = conversion._replace
    def held(*args):
        while not os.path.exists(gate):
            time.sleep(0.05)
        replace(*args)
    conversion._replace = held
print("ready", file=sys.stderr, flush=True)
print(ct2_model(sys.argv[1], "translation", "int8", sys.argv[2]), flush=True)
"""


def _child(model: Path, cache: Path, gate: Path | str = "-") -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", CHILD, str(model), str(cache), str(gate)]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def _wait_for_staging(cache: Path, timeout: float = 60) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        staged = [p for p in (cache / "ct2").glob(".*.converting-*") if is_ct2_model(p)]
        if staged:
            return staged[0]
        time.sleep(0.1)
    raise AssertionError("the child never staged a conversion")


def test_killed_conversion_leaves_nothing_taken_for_a_model(tiny_nllb, tmp_path) -> None:
    child = _child(tiny_nllb, tmp_path, gate=tmp_path / "never")
    staging = _wait_for_staging(tmp_path)
    child.send_signal(signal.SIGKILL)
    child.communicate()
    assert _converted(tmp_path) == []  # only the hidden staging folder, never a model
    folder = ct2_model(str(tiny_nllb), "translation", "int8", tmp_path)
    assert is_ct2_model(folder) and not staging.exists()  # the abandoned one is cleared
    assert _converted(tmp_path) == [folder]


def test_models_convert_clears_a_dead_conversion_and_renames_into_place(
    tiny_nllb, tmp_path
) -> None:
    target = tmp_path / "explicit"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], text=True, capture_output=True
    ).stdout.strip()
    abandoned = tmp_path / f".explicit.converting-{dead}-x"
    abandoned.mkdir()
    (abandoned / "model.bin").write_bytes(b"half")
    conversion.convert(str(tiny_nllb), target, "int8", vmap=False)
    assert is_ct2_model(target) and not abandoned.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["explicit"]


def test_two_runs_at_once_convert_once(tiny_nllb, tmp_path) -> None:
    gate = tmp_path / "go"
    first = _child(tiny_nllb, tmp_path, gate)
    _wait_for_staging(tmp_path)  # the first holds the lock, mid-conversion
    second = _child(tiny_nllb, tmp_path)
    assert second.stderr.readline().strip() == "ready"
    time.sleep(1)  # the second reaches the lock and waits there
    gate.touch()
    outputs = [process.communicate(timeout=120) for process in (first, second)]
    assert [process.returncode for process in (first, second)] == [0, 0]
    assert outputs[0][0] == outputs[1][0]  # the same folder
    assert "converting" in outputs[0][1] and "converting" not in outputs[1][1]
    assert len(_converted(tmp_path)) == 1


def test_default_config_runs_the_seeds_through_ctranslate2(
    tiny_nllb, seeds, tmp_path, monkeypatch
) -> None:
    config = ROOT / "configs" / "nightly.yaml"
    assert load_config(config).translator.backend == "ctranslate2"
    out = tmp_path / "out"
    monkeypatch.setenv("TRANSLATE_SUMMARIZE_CACHE", str(tmp_path / "cache"))
    args = ["run", str(config), "--model", str(tiny_nllb), "--output", str(out), "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "converting" in result.stderr  # one line for the one-time conversion
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [m["status"] for m in manifest] == ["ok"] * 5
    brief = json.loads((out / "briefs" / manifest[0]["brief"]).read_text())
    translator = brief["models"]["translator"]
    assert translator["backend"] == "ctranslate2" and translator["source_model"] == str(tiny_nllb)
