"""The translation memory: a sentence is decoded once, within a run and across runs.

Corpora are the seeds (real Hindi news scrapes) and documents stitched from their sentences,
so that the same real sentences recur across and within documents.
"""

import json
import logging
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import FakeTranslator
from translate_summarize.cli import app
from translate_summarize.config import load_config
from translate_summarize.engine.pipeline import run
from translate_summarize.translation.memory import DEFAULT_FILE, Remembering, TranslationMemory
from translate_summarize.translation.translator import Translation, Translator

SEED = "000_7ef7da78973b1ba2"


def _memory(path: Path, fingerprint: str = "a", max_entries: int = 100) -> TranslationMemory:
    return TranslationMemory(path, fingerprint, max_entries)


def _decoded(translator: FakeTranslator) -> list[str]:
    return [text for call in translator.calls for text in call]


def _briefs(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((out / "briefs").glob("*"))}


def _manifest(out: Path) -> dict[str, dict]:
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {entry["id"]: entry for entry in map(json.loads, lines)}


def _run(corpus: Path, out: Path, translator=None, force: bool = False, **overrides):
    config = load_config(None, {"input": corpus, "output": out, **overrides})
    return run(config, translator=translator or FakeTranslator(), force=force)


@pytest.fixture
def corpus(seeds: Path, tmp_path: Path) -> Path:
    """The seeds plus a document made of sentences of two seeds, one of them twice."""
    folder = tmp_path / "corpus"
    shutil.copytree(seeds, folder)
    first = (seeds / f"{SEED}.txt").read_text(encoding="utf-8").splitlines()
    other = (seeds / "001_f25d3fce2b970aa4.txt").read_text(encoding="utf-8").split("\n\n")[1]
    # The repeat sits inside a longer paragraph: an identical repeated paragraph is a body
    # printed twice, which cleaning keeps once (rule "duplicate") before translation.
    stitched = [first[2], other.strip(), f"{first[2]} यह अनुच्छेद दोबारा छपा है।"]
    (folder / "stitched.txt").write_text("\n\n".join(stitched) + "\n", encoding="utf-8")
    return folder


# --- TranslationMemory --------------------------------------------------------------------------


def test_memory_round_trip_keeps_text_and_chunked_and_separates_settings(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    memory = _memory(path)
    memory.store({"नमस्ते <ID0>": Translation("Hello <ID0>", chunked=True), "क": Translation("k")})
    memory.close()
    again = _memory(path)
    found = again.lookup(["नमस्ते <ID0>", "क", "ख"])
    assert found == {
        "नमस्ते <ID0>": Translation("Hello <ID0>", chunked=True, remembered=True),
        "क": Translation("k", remembered=True),
    }
    assert _memory(path, fingerprint="b").lookup(["क"]) == {}


def test_memory_evicts_least_recently_used_beyond_max_entries(tmp_path: Path) -> None:
    memory = _memory(tmp_path / "m.sqlite", max_entries=3)
    memory.store({s: Translation(s.upper()) for s in ("a", "b", "c")})
    memory.lookup(["a"])  # a is now more recent than b and c
    memory.store({"d": Translation("D")})
    assert set(memory.lookup(["a", "b", "c", "d"])) == {"a", "c", "d"}
    memory.store({s: Translation(s) for s in "efghij"})  # more than fit at once
    assert memory.db.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 3
    assert set(memory.lookup(list("hij"))) == set("hij")


def test_lookup_of_many_sources_stays_under_sqlite_parameter_limit(tmp_path: Path) -> None:
    memory = _memory(tmp_path / "m.sqlite", max_entries=100_000)
    sources = [f"वाक्य {n}" for n in range(1200)]
    memory.store({s: Translation(s) for s in sources})
    assert len(memory.lookup(sources)) == 1200


# --- Remembering --------------------------------------------------------------------------------


@pytest.mark.parametrize("texts", [[], [""], ["क", "ख", "क", "", "क"], ["a b", "a  b", "a b"]])
def test_each_distinct_text_is_decoded_once_with_the_same_results(texts: list[str]) -> None:
    fake, done = FakeTranslator(), []
    results = Remembering(fake, None).translate(texts, progress=done.append)
    assert results == FakeTranslator().translate(texts)
    assert sorted(_decoded(fake)) == sorted(set(texts))
    assert sum(done) == len(texts)


def test_memory_hits_are_not_decoded_and_reverse_passes_through(tmp_path: Path) -> None:
    memory = _memory(tmp_path / "m.sqlite")
    Remembering(FakeTranslator(), memory).translate(["क", "ख"])
    fake = FakeTranslator()
    results = Remembering(fake, memory).translate(["ख", "ग", "ख"])
    assert [r.text for r in results] == ["EN[ख]", "EN[ग]", "EN[ख]"]
    assert [r.remembered for r in results] == [True, False, True]
    assert fake.calls == [["ग"]]
    Remembering(fake, memory).translate(["ख"], reverse=True)
    assert fake.calls[-1] == ["ख"]


def test_corrupt_memory_warns_once_and_the_run_goes_on(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / DEFAULT_FILE).write_bytes(b"this is not a database\0" * 100)
    with caplog.at_level(logging.WARNING):
        result = _run(corpus, out)
    assert result.counts == {"ok": 6} and result.memory_hits == 0
    warnings = [r for r in caplog.records if "translation memory" in r.getMessage()]
    assert len(warnings) == 1 and "running without it" in warnings[0].getMessage()


def test_memory_failing_mid_run_is_dropped_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    memory = _memory(tmp_path / "m.sqlite")
    remembering = Remembering(FakeTranslator(), memory)
    memory.db.close()  # any sqlite3.Error from here on
    with caplog.at_level(logging.WARNING):
        assert remembering.translate(["क"])[0].text == "EN[क]"
        assert remembering.translate(["ख"])[0].text == "EN[ख]"
    assert remembering.memory is None and remembering.problem
    assert len([r for r in caplog.records if "translation memory" in r.getMessage()]) == 1


# --- Runs ---------------------------------------------------------------------------------------


def test_duplicates_across_documents_are_decoded_once(corpus: Path, tmp_path: Path) -> None:
    fake = FakeTranslator()
    _run(corpus, tmp_path / "out", fake, **{"translator.memory.enabled": False})
    decoded = _decoded(fake)
    assert len(decoded) == len(set(decoded))
    briefs = tmp_path / "out" / "briefs"
    pairs = [
        (sentence["hi"], sentence["en"])
        for name in ("stitched.json", f"{SEED}.json")
        for sentence in json.loads((briefs / name).read_text())["sentences"]
    ]
    assert len(pairs) - len(set(pairs)) >= 4  # the repeated paragraph, within and across
    assert len(dict(pairs)) == len(set(pairs))  # each Hindi sentence has one English


def test_briefs_are_byte_identical_with_and_without_the_memory(
    corpus: Path, tmp_path: Path
) -> None:
    without = tmp_path / "without"
    _run(corpus, without, **{"translator.memory.enabled": False})
    assert not (without / DEFAULT_FILE).exists()
    cold, warm = tmp_path / "with", FakeTranslator()
    first = _run(corpus, cold)
    second = _run(corpus, cold, warm, force=True)
    assert first.memory_hits == 0 and warm.calls == []
    assert second.memory_hits >= second.sentences  # titles are hits too
    assert _briefs(cold) == _briefs(without)
    run_json = json.loads((cold / "run.json").read_text())
    assert run_json["memory_hits"] == second.memory_hits
    assert all(entry["memory_hits"] > 0 for entry in _manifest(cold).values())


class LosesPlaceholders(FakeTranslator):
    """Drops the first placeholder, as a model sometimes does, so sentences get flagged."""

    def translate(self, texts, progress=None, reverse=False, weights=None):
        return [Translation(r.text.replace("<ID1>", "")) for r in super().translate(texts)]


def test_flags_from_translation_come_back_with_a_hit(corpus: Path, tmp_path: Path) -> None:
    without, cold = tmp_path / "without", tmp_path / "with"
    # Numbers masked explicitly (NLLB's default keeps them as text), so the seed has placeholders.
    masked = {"translator.placeholders": ["url", "email", "handle", "hashtag", "number"]}
    _run(corpus, without, LosesPlaceholders(), **masked, **{"translator.memory.enabled": False})
    _run(corpus, cold, LosesPlaceholders(), **masked)
    warm = LosesPlaceholders()
    _run(corpus, cold, warm, force=True, **masked)
    assert warm.calls == []
    assert "placeholder_lost" in _briefs(without)[f"{SEED}.json"]
    assert _briefs(cold) == _briefs(without)


def test_second_night_decodes_only_the_edited_sentence(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    path = corpus / f"{SEED}.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("सदाबहार दोस्त", "पुराने दोस्त", 1), encoding="utf-8")
    second = FakeTranslator()
    result = _run(corpus, out, second)
    assert result.counts == {"ok": 1, "skipped": 5}
    assert len(_decoded(second)) == 1 and "पुराने दोस्त" in second.calls[0][0]
    entry = _manifest(out)[SEED]
    title = json.loads((out / "briefs" / f"{SEED}.json").read_text())["title"]
    assert entry["memory_hits"] == entry["sentences"] - 1 + (title is not None)


@pytest.mark.parametrize(
    "setting", [{"translator.beam_size": 2}, {"translator.model": "other/model"}]
)
def test_an_output_changing_setting_misses(corpus: Path, tmp_path: Path, setting) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    fake = FakeTranslator()
    result = _run(corpus, out, fake, **setting)
    assert result.memory_hits == 0 and result.counts == {"ok": 6}
    assert len(_decoded(fake)) > 0
    # A speed-only setting keeps the memory (and the briefs).
    again = FakeTranslator()
    assert _run(corpus, out, again, force=True, **setting, **{"translator.threads": 1}).memory_hits
    assert again.calls == []


def test_memory_path_is_relative_to_the_output_folder(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out, **{"translator.memory.path": "../tm/shared.sqlite"})
    assert (tmp_path / "tm" / "shared.sqlite").is_file() and not (out / DEFAULT_FILE).exists()


# --- Kill -9 ------------------------------------------------------------------------------------

_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from translate_summarize.translation.memory import TranslationMemory
    from translate_summarize.translation.translator import Translation, Translator

    memory = TranslationMemory(Path(sys.argv[1]), "k", 10**9)
    for batch in range(10**6):
        memory.store({f"{batch} {n} " + "अ" * 200: Translation("x" * 200) for n in range(2000)})
        print(batch, flush=True)
    """
)


def test_a_writer_killed_mid_write_leaves_a_memory_that_opens(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        for _ in range(3):  # three batches committed, the fourth in flight
            assert writer.stdout.readline()
    finally:
        writer.kill()  # SIGKILL
        writer.wait()
    memory = _memory(path, fingerprint="k", max_entries=10**9)
    assert memory.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert memory.size >= 3 * 2000 and memory.size % 2000 == 0  # whole transactions only
    assert memory.lookup(["0 0 " + "अ" * 200])


# --- The real loader ----------------------------------------------------------------------------


def test_tiny_model_run_with_memory_gives_the_same_briefs(
    tiny_nllb: Path, corpus: Path, tmp_path: Path
) -> None:
    small = tmp_path / "small"  # two documents sharing a paragraph keep this test quick
    small.mkdir()
    for name in ("stitched.txt", f"{SEED}.txt"):
        shutil.copy(corpus / name, small / name)
    config = tmp_path / "run.yaml"
    config.write_text("translator:\n  beam_size: 1\n  max_length: 8\n", encoding="utf-8")
    without, cold = tmp_path / "without", tmp_path / "with"
    args = ["--input", str(small), "--model", str(tiny_nllb), "-q"]
    result = CliRunner().invoke(
        app, ["run", str(config), "--output", str(without), "--no-memory", *args]
    )
    assert result.exit_code == 0, result.output
    assert ", 0 from memory;" in result.output and not (without / DEFAULT_FILE).exists()

    settings = load_config(
        config, {"input": small, "output": cold, "translator.model": str(tiny_nllb)}
    )
    translator = Translator(settings.translator)  # the real loader, loaded once for both runs
    assert run(settings, translator=translator).memory_hits == 0
    warm = run(settings, translator=translator, force=True)
    assert warm.memory_hits >= warm.sentences > 0
    assert _briefs(cold) == _briefs(without)


def test_a_model_replaced_at_the_same_path_misses(corpus: Path, tmp_path: Path) -> None:
    # Keys hold the model's identity (its files), not its path: a retrained or re-downloaded
    # model in the same folder must not serve last night's translations.
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"v": 1}', encoding="utf-8")
    out, setting = tmp_path / "out", {"translator.model": f"{model}/"}
    _run(corpus, out, **setting)
    assert _run(corpus, out, force=True, **{"translator.model": str(model)}).memory_hits > 0
    (model / "config.json").write_text('{"v": 2}', encoding="utf-8")
    fake = FakeTranslator()
    assert _run(corpus, out, fake, force=True, **setting).memory_hits == 0
    assert _decoded(fake)
