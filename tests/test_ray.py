"""The Ray engine, run on this machine, gives the same briefs as the local engine."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate_summarize.cli import app

pytest.importorskip("ray")
runner = CliRunner()


def _config(tmp_path: Path, seeds: Path, engine: str) -> Path:
    config = tmp_path / f"{engine}.yaml"
    config.write_text(
        f"input: {seeds}\noutput: {tmp_path / engine}\nengine: {engine}\ndocs_per_chunk: 2\n"
        "ray:\n  num_workers: 2\n  num_cpus_per_worker: 0.5\n"
        "translator:\n  beam_size: 2\n  max_length: 12\n"
    )
    return config


def _briefs(out: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text()) for p in sorted((out / "briefs").glob("*.json"))}


@pytest.fixture(scope="module")
def ray_local():
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_engine_matches_the_local_engine(
    ray_local, tiny_nllb: Path, seeds: Path, tmp_path: Path
) -> None:
    for engine in ("local", "ray"):
        args = ["run", str(_config(tmp_path, seeds, engine)), "--model", str(tiny_nllb), "-q"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    local, distributed = _briefs(tmp_path / "local"), _briefs(tmp_path / "ray")
    assert len(local) == 5 and local == distributed
    manifest = [
        json.loads(x) for x in (tmp_path / "ray" / "manifest.jsonl").read_text().splitlines()
    ]
    assert [m["id"] for m in manifest] == sorted(p.stem for p in seeds.glob("*.txt"))
    assert {m["status"] for m in manifest} == {"ok"}


def test_ray_engine_reruns_incrementally(
    ray_local, tiny_nllb: Path, seeds: Path, tmp_path: Path
) -> None:
    config = _config(tmp_path, seeds, "ray")
    args = ["run", str(config), "--model", str(tiny_nllb), "-q"]
    assert runner.invoke(app, args).exit_code == 0
    second = runner.invoke(app, args)
    assert second.exit_code == 0 and "5 skipped" in second.output


def test_ray_engine_with_an_unloadable_model_fails_on_the_driver(
    ray_local, seeds, tmp_path
) -> None:
    result = runner.invoke(
        app, ["run", str(_config(tmp_path, seeds, "ray")), "--model", str(tmp_path / "none")]
    )
    assert result.exit_code == 2 and "Cannot load translation model" in result.output


def test_ray_returns_a_chunk_window_by_window(ray_local, tiny_nllb: Path, tmp_path: Path) -> None:
    # 24 FLORES-200 articles of 8 sentences in one chunk come back from the worker as several
    # windows (streamed rows), each written and counted by the driver as it arrives.
    from tests.tiny_models import flores_lines
    from translate_summarize.config import load_config
    from translate_summarize.engine.ray_engine import RayEngine
    from translate_summarize.record import Document

    lines = flores_lines()
    docs = [Document(id=f"d{i}", source="x", text=" ".join(lines[i * 8 : i * 8 + 8]))
            for i in range(24)]  # fmt: skip
    overrides = {"output": tmp_path / "out", "engine": "ray", "translator.model": str(tiny_nllb),
                 "translator.beam_size": 1, "translator.max_length": 8,
                 "translator.memory.enabled": False}  # fmt: skip
    windows = list(RayEngine(load_config(None, overrides)).process([docs]))
    assert len(windows) > 1
    assert [d.id for w in windows for d in w] == [d.id for d in docs]
    assert all(d.status == "pending" and d.sentences[0].en for w in windows for d in w)
