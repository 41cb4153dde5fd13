"""The nightly job as an operator meets it: path spellings, overlapping runs, environment
mistakes, full disks, signals, honest progress and -v logging.

Where a process is what is tested (the lock, signals, a full filesystem) the real CLI runs in a
subprocess with the tiny NLLB model; the rest runs in-process.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import FakeTranslator, cli
from tests.tiny_models import flores_lines
from translate_summarize.cli import app
from translate_summarize.config import load_config
from translate_summarize.engine.pipeline import run
from translate_summarize.errors import OutputError
from translate_summarize.output import files

ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}
runner = CliRunner()


def _manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


def _statuses(out: Path) -> set[str]:
    return {entry["status"] for entry in _manifest(out)}


def _invoke(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A config that only makes the tiny model decode briefly; everything else comes by flag."""
    config = tmp_path / "small.yaml"
    config.write_text("translator:\n  beam_size: 1\n  max_length: 8\n")
    return config


def _error_line(result) -> str:
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


# --- 1. keys independent of path spelling ---------------------------------------------------


def test_path_spellings_of_input_and_model_skip_everything(
    seeds: Path, tiny_nllb: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "seeds"
    shutil.copytree(seeds, corpus)
    (tmp_path / "configs").mkdir()
    config = tmp_path / "configs" / "nightly.yaml"
    config.write_text(
        f"input: ../seeds\noutput: ../out\ntranslator:\n  model: {tiny_nllb}\n"
        "  beam_size: 1\n  max_length: 8\n"
    )
    out = tmp_path / "out"
    assert _invoke("run", config, "-q").exit_code == 0
    assert _statuses(out) == {"ok"}
    brief = json.loads(next((out / "briefs").glob("*.json")).read_text())
    assert brief["source"].startswith(str(corpus.resolve()) + "/") and ".." not in brief["source"]

    spellings = [
        ["--input", tmp_path / "configs" / ".." / "seeds"],
        ["--model", f"{tiny_nllb}/"],
        ["--model", f"{tiny_nllb}/../{tiny_nllb.name}"],
    ]
    for extra in spellings:
        result = _invoke("run", config, "-q", *extra)
        assert result.exit_code == 0, result.output
        assert _statuses(out) == {"skipped"}, extra


def test_a_changed_model_folder_is_a_different_model(
    seeds: Path, tiny_nllb: Path, tmp_path: Path
) -> None:
    from translate_summarize.translation.identity import model_identity

    copy = tmp_path / "model"
    shutil.copytree(tiny_nllb, copy)
    before = model_identity(str(copy))
    assert model_identity(f"{copy}/") == before
    config = json.loads((copy / "config.json").read_text())
    (copy / "config.json").write_text(json.dumps({**config, "dropout": 0.5}))
    assert model_identity(str(copy)) != before
    assert model_identity("facebook/nllb-200-distilled-600M/") == "facebook/nllb-200-distilled-600M"


def test_local_and_ray_engines_share_keys(seeds: Path, tmp_path: Path) -> None:
    from translate_summarize.engine.local import models_info
    from translate_summarize.output.manifest import settings_fingerprint

    local = load_config(None, {"input": seeds, "output": tmp_path})
    ray = load_config(None, {"input": seeds, "output": tmp_path, "engine": "ray"})
    assert settings_fingerprint(local, models_info(local)) == settings_fingerprint(
        ray, models_info(ray)
    )


# --- 2. one run per output folder ----------------------------------------------------------

HOLD = """
import sys, time
from pathlib import Path
from translate_summarize.output.lock import OutputLock
with OutputLock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def held(tmp_path: Path):
    """An output folder whose lock another process holds until the test kills it (-9)."""
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out), "300"], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    yield out, holder
    holder.kill()
    holder.wait()


def test_second_run_on_a_held_folder_exits_2_naming_the_holder(
    seeds: Path, held: tuple[Path, subprocess.Popen], small: Path
) -> None:
    out, holder = held
    second = cli("run", small, "--input", str(seeds), "--output", str(out), "-q", timeout=120)
    assert second.returncode == 2, second.stderr
    line = second.stderr.strip()
    assert "\n" not in line and f"pid {holder.pid}, started" in line and "--wait" in line
    assert not list((out / "briefs").glob("*.json"))


def test_wait_starts_when_the_holder_dies(
    seeds: Path, tiny_nllb: Path, held: tuple[Path, subprocess.Popen], small: Path
) -> None:
    out, holder = held
    args = ["run", small, "--input", seeds, "--output", out, "--model", tiny_nllb, "--limit", "1"]
    command = [sys.executable, "-m", "translate_summarize", *map(str, args), "--wait", "-q"]
    waiting = subprocess.Popen(command, env=ENV, stderr=subprocess.PIPE, text=True)
    first_line = waiting.stderr.readline()
    assert first_line.startswith(f"waiting: {out} is held by pid {holder.pid}, started ")
    time.sleep(0.5)
    assert waiting.poll() is None, "it waits while the holder lives"
    holder.kill()  # kill -9: the kernel releases the lock with the process; the file stays
    holder.wait()
    rest = waiting.communicate(timeout=300)[1]
    assert waiting.returncode == 0, rest
    assert _statuses(out) == {"ok"}


# --- 3. environment mistakes: one line, exit 2, before any heavy work -----------------------


@pytest.mark.parametrize("layout", ["output_is_file", "output_under_file", "briefs_is_file"])
def test_unusable_output_folder_is_one_line(
    seeds: Path, tmp_path: Path, small: Path, layout: str
) -> None:
    target = tmp_path / "target"
    if layout == "briefs_is_file":
        target.mkdir()
        (target / "briefs").write_text("not a folder")
        output, blocker = target, target / "briefs"
    else:
        target.write_text("a file")
        output = target if layout == "output_is_file" else target / "sub" / "out"
        blocker = target
    # A missing model proves the check comes first: it would be the error otherwise.
    line = _error_line(
        _invoke("run", small, "--input", seeds, "--output", output, "--model", "/nonexistent/m")
    )
    assert f"{blocker} is a file" in line


def test_translate_to_a_folder_fails_before_translating(seeds: Path, tmp_path: Path) -> None:
    article = next(seeds.glob("*.txt"))
    line = _error_line(_invoke("translate", article, "-o", tmp_path, "--model", "/nonexistent/m"))
    assert "is a folder" in line
    line = _error_line(_invoke("translate", article, "-o", tmp_path / "no" / "x.txt"))
    assert "does not exist" in line


def test_translate_output_is_written_whole_with_the_umask(
    seeds: Path, tiny_nllb: Path, tmp_path: Path, small: Path
) -> None:
    article, target = next(seeds.glob("*.txt")), tmp_path / "out.json"
    args = ["-o", target, "--model", tiny_nllb, "-f", "json", "--config", small]
    result = _invoke("translate", article, *args)
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["sentences"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~files.current_umask()
    assert not list(tmp_path.glob(".*.tmp"))


def test_model_mistakes_are_one_line(
    seeds: Path, tiny_nllb: Path, tmp_path: Path, small: Path
) -> None:
    base = ["run", small, "--input", seeds, "--output", tmp_path / "out"]
    line = _error_line(_invoke(*base, "--model", tmp_path / "no-such-model"))
    assert "no such folder" in line and "Hub" not in line.split("Check")[0]

    ct2 = tmp_path / "ct2"
    ct2.mkdir()
    for name in ("model.bin", "config.json", "shared_vocabulary.json"):
        (ct2 / name).write_text("{}")
    line = _error_line(_invoke(*base, "--model", ct2, "--backend", "transformers"))
    assert "--backend ctranslate2" in line

    cuda = tmp_path / "cuda.yaml"
    cuda.write_text(f"translator:\n  model: {tiny_nllb}\n  device: cuda\n")
    line = _error_line(_invoke("run", cuda, "--input", seeds, "--output", tmp_path / "o2"))
    assert "'cuda'" in line and "cpu" in line


# --- 4. full disks and unwritable output -----------------------------------------------------


def _fail_nth_fsync(monkeypatch: pytest.MonkeyPatch, n: int, code: int) -> None:
    real, calls = os.fsync, []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == n:
            raise OSError(code, os.strerror(code))
        real(fd)

    monkeypatch.setattr(files.os, "fsync", fsync)


# Three fsyncs per document (Markdown brief, JSON brief, manifest line), then run.json's.
@pytest.mark.parametrize(
    "nth, code, words",
    [(2, errno.ENOSPC, "Free disk space"), (3, errno.ENOSPC, "Free disk space"),
     (16, errno.EACCES, "writable")],
)  # fmt: skip
def test_write_errors_stop_the_run_and_the_rerun_completes(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nth: int, code: int, words: str
) -> None:
    out = tmp_path / "out"
    config = load_config(None, {"input": seeds, "output": out})
    _fail_nth_fsync(monkeypatch, nth, code)
    with pytest.raises(OutputError, match=words) as caught:
        run(config, translator=FakeTranslator())
    assert "\n" not in str(caught.value) and str(out) in str(caught.value)
    assert caught.value.__cause__.errno == code  # chained, shown under -v
    written = list((out / "briefs").iterdir())
    assert not [p for p in written if p.name.endswith(".tmp") or p.stat().st_size == 0]
    for brief in (out / "briefs").glob("*.json"):
        json.loads(brief.read_text())
    monkeypatch.undo()
    result = run(config, translator=FakeTranslator())
    assert result.counts["ok"] + result.counts["skipped"] == 5
    assert len(_manifest(out)) == 5


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True)  # fmt: skip
    return done.returncode == 0


def test_full_filesystem_then_rerun_after_space_is_freed(
    seeds: Path, tiny_nllb: Path, tmp_path: Path, small: Path
) -> None:
    disk = tmp_path / "disk"
    # 48 kB: the lock file, the manifest and about one brief of the tiny model fit.
    if not _mount_tmpfs(disk, "48k"):
        pytest.skip("cannot mount a tmpfs here (needs root and mount permission)")
    try:
        out = disk / "out"
        args = ["run", small, "--input", seeds, "--output", out, "--model", tiny_nllb]
        args += ["--limit", 3]
        full = cli(*map(str, args), "-q", timeout=300)
        assert full.returncode == 2, full.stderr
        # The translation memory may warn first that it cannot open its file; the run's own
        # error is the last line.
        last = full.stderr.strip().splitlines()[-1]
        assert last.startswith("error: ") and "No space left on device" in last
        assert "Traceback" not in full.stderr
        for brief in (out / "briefs").iterdir():
            assert brief.is_dir() or brief.stat().st_size > 0 and not brief.name.endswith(".tmp")
            if brief.suffix == ".json":
                json.loads(brief.read_text())
        subprocess.run(["mount", "-o", "remount,size=4m", str(disk)], check=True)
        rerun = cli(*map(str, args), "-q", timeout=300)
        assert rerun.returncode == 0, rerun.stderr
        assert len(_manifest(out)) == 3 and _statuses(out) <= {"ok", "skipped"}
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_every_file_gets_the_umask(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    previous = os.umask(0o027)
    try:
        run(load_config(None, {"input": seeds, "output": out}), translator=FakeTranslator())
    finally:
        os.umask(previous)
    for path in [out / "run.json", out / "manifest.jsonl", *(out / "briefs").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o640, path


# --- 6. interruption ------------------------------------------------------------------------


def _corpus(folder: Path, documents: int) -> None:
    folder.mkdir()
    lines = flores_lines()
    for number in range(documents):
        text = "\n".join(lines[number * 4 : number * 4 + 4]) + "\n"
        (folder / f"doc{number:03d}.txt").write_text(text)


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_with_one_line_and_the_rerun_resumes(
    tiny_nllb: Path, tmp_path: Path, signum: int, code: int
) -> None:
    corpus, out = tmp_path / "in", tmp_path / "out"
    _corpus(corpus, 12)
    config = tmp_path / "run.yaml"
    config.write_text(f"input: {corpus}\noutput: {out}\ndocs_per_chunk: 2\n"
                      "translator:\n  beam_size: 1\n  max_length: 8\n")  # fmt: skip
    command = [sys.executable, "-m", "translate_summarize", "run", str(config), "--model",
               str(tiny_nllb), "-q"]  # fmt: skip
    process = subprocess.Popen(command, env=ENV, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(list((out / "briefs").glob("*.json"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signum)
    stderr = process.communicate(timeout=60)[1]
    assert process.returncode == code, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"interrupted ({signal.Signals(signum).name})")
    assert "documents finished" in lines[0] and "run the same command again" in lines[0]
    done = len(list((out / "briefs").glob("*.json")))
    assert 2 <= done < 12
    if signum == signal.SIGINT:
        return  # resuming is the same after either signal; one rerun proves it
    rerun = cli("run", str(config), "--model", str(tiny_nllb), "-q")
    assert rerun.returncode == 0, rerun.stderr
    manifest = _manifest(out)
    assert len(manifest) == 12 and sum(m["status"] == "skipped" for m in manifest) >= done - 2


# --- 7. honest progress ---------------------------------------------------------------------


class Recorder:
    """A reporter that checks, at every call, that the counts never overshoot."""

    def __init__(self) -> None:
        self.total, self.planned, self.done, self.documents = None, 0, 0, 0
        self.steps: list[tuple[int, int]] = []

    def start(self, documents):
        self.total = documents

    def sentences_planned(self, count):
        self.planned += count
        assert self.done <= self.planned

    def sentences_done(self, count):
        self.done += count
        self.steps.append((self.done, self.planned))
        assert 0 <= self.done <= self.planned

    def document_done(self, doc):
        self.documents += 1


def test_progress_never_overshoots_and_skips_keep_their_flags(
    seeds: Path, tiny_nllb: Path, tmp_path: Path
) -> None:
    from translate_summarize.translation.translator import Translator

    out = tmp_path / "out"
    overrides = {"input": seeds, "output": out, "translator.model": str(tiny_nllb),
                 "translator.beam_size": 1, "translator.max_length": 8,
                 "translator.max_input_tokens": 12, "docs_per_chunk": 2}  # fmt: skip
    config = load_config(None, overrides)
    translator = Translator(config.translator)
    reporter = Recorder()
    first = run(config, reporter=reporter, translator=translator)
    assert reporter.total == 5 and reporter.documents == 5
    assert reporter.done == reporter.planned == first.sentences  # titles, pieces not counted
    assert len(reporter.steps) > 3  # it moved during the run, not once at the end
    assert first.flags["chunked"] > 0
    flags_before = {m["id"]: m["flags"] for m in _manifest(out)}
    run_json_before = json.loads((out / "run.json").read_text())

    second = run(config, reporter=Recorder(), translator=translator)
    assert second.counts == {"skipped": 5} and second.sentences == 0
    assert {m["id"]: m["flags"] for m in _manifest(out)} == flags_before
    run_json = json.loads((out / "run.json").read_text())
    assert run_json["flags"] == run_json_before["flags"]
    assert run_json["sentences_in_output"] == first.sentences


def test_documents_are_counted_as_they_finish_not_per_chunk(tmp_path: Path) -> None:
    # 24 FLORES-200 articles of 8 sentences in one 64-document chunk: finished documents are
    # written and counted window by window while later ones are still being translated.
    lines = flores_lines()[: 24 * 8]
    corpus = tmp_path / "in.jsonl"
    rows = [{"id": f"d{i:02d}", "text": " ".join(lines[i * 8 : i * 8 + 8])} for i in range(24)]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    seen: list[tuple[int, int]] = []  # (documents done, sentences done) at each document

    class Watcher(Recorder):
        def document_done(self, doc):
            super().document_done(doc)
            seen.append((self.documents, self.done))

    config = load_config(None, {"input": corpus, "output": tmp_path / "out"})
    assert config.docs_per_chunk >= 24
    reporter = Watcher()
    run(config, reporter=reporter, translator=FakeTranslator())
    assert reporter.documents == 24 and reporter.done == reporter.planned >= 24 * 8
    first_window = [docs for docs, done in seen if done < reporter.planned]
    assert 0 < len(first_window) < 24  # some documents counted before the last sentence


def test_log_lines_show_totals_and_an_eta() -> None:
    import io

    from translate_summarize.engine.progress import LogReporter
    from translate_summarize.record import Document

    stream = io.StringIO()
    reporter = LogReporter(stream, interval=0)
    reporter.start(4)
    reporter.sentences_planned(10)
    reporter.sentences_done(5)
    reporter.document_done(Document(id="a", source="a"))
    assert "1/4 documents, 5/10 sentences translated" in stream.getvalue()
    assert "ETA " in stream.getvalue().splitlines()[-1]


# --- 8. -v -----------------------------------------------------------------------------------


def test_verbose_logs_model_load_chunks_and_skips(
    seeds: Path, tiny_nllb: Path, tmp_path: Path, small: Path, caplog: pytest.LogCaptureFixture
) -> None:
    args = ["run", small, "--input", seeds, "--output", tmp_path / "out", "--model", tiny_nllb]
    args += ["--limit", 2]
    with caplog.at_level(logging.DEBUG, logger="translate_summarize"):
        assert _invoke(*args, "-q", "-v").exit_code == 0
        assert _invoke(*args, "-q", "-v").exit_code == 0
    text = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("translate_s"))
    assert "loaded translation model" in text and "models ready" in text
    assert "units in" in text and "batches" in text and "skipped " in text


def test_verbose_shows_the_cause_of_a_one_line_error(
    seeds: Path,
    tiny_nllb: Path,
    tmp_path: Path,
    small: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _fail_nth_fsync(monkeypatch, 1, errno.ENOSPC)
    args = ["run", small, "--input", seeds, "--output", tmp_path / "out", "--model", tiny_nllb]
    with caplog.at_level(logging.DEBUG, logger="translate_summarize"):
        line = _error_line(_invoke(*args, "-q", "-v"))
    assert "No space left on device" in line
    causes = [r.exc_info[1] for r in caplog.records if r.exc_info]
    assert causes and causes[0].__cause__.errno == errno.ENOSPC
