"""The nightly job end to end: whole ``translate-summarize run`` commands, old default vs new.

Builds (once, cached under bench/.cache) the published NLLB-200-distilled-600M architecture with
random weights (as bench/translate_throughput.py does) and a random distilbart-cnn-12-6, makes
FLORES-200 devtest Hindi documents (consecutive lines sharing a URL), and times, each as one
subprocess on 2 threads:

  old_default   configs/nightly.yaml as it was: backend transformers
  new_default   configs/nightly.yaml now: CTranslate2, converted once into the cache, int8,
                English vocabulary map
  raw_ct2       ctranslate2.Translator.translate_batch on the same sentences (the ones the
                tool's briefs hold), same converted model, beam, cap and threads: the floor
  night2_full   the new default on the second night's documents, from an empty output folder
  night2        the second night after the first: 30 % of the documents edited (a sentence
                added, one changed), 10 % new; briefs and translation memory of night one kept
  summ_hf / summ_ct2   the abstractive summarizer alone (transformers / CTranslate2) on the
                English side of the same documents

Random weights rarely emit </s>, so every translation path decodes to the same cap
(--max-tokens, via length_ratio 1000) and the summarizer to its max_length. Repetitions are
interleaved (every scenario once per round), so host drift touches all alike; medians are
reported, peak RSS is the process's own (wait4). The one-time conversions are timed on an
empty cache, separately.

    python bench/nightly_throughput.py [--quick] [--json] [--docs N] [--rounds N]
                                       [--article-sentences N] [--max-batch-tokens N]

``--article-sentences 25`` joins consecutive URL groups into articles of at least 25 sentences
(the size of a real news article; FLORES URL groups average 3.6). The second night's share of
new sentences depends on it: with 3.6-sentence documents about a quarter of the second night
is new, with 25-sentence articles about a tenth.

``--max-batch-tokens N`` sets ``translator.max_batch_tokens`` for the tool and the raw floor's
batch size alike: the budget trades peak memory for speed.

``--quick`` runs tiny test-sized models on a few documents, one round: it checks the bench works
(CI-sized); its ratios mean nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FLORES = ROOT / "translate_summarize" / "data" / "flores200-devtest"
CACHE = ROOT / "bench" / ".cache"
SCENARIOS = (
    "old_default",
    "new_default",
    "raw_ct2",
    "night2_full",
    "night2",
    "summ_hf",
    "summ_ct2",
)
SLOW = ("old_default", "summ_hf")  # run in the first --slow-rounds rounds only


# --- inputs -----------------------------------------------------------------------------------


def flores_documents() -> list[dict]:
    """FLORES devtest lines grouped by consecutive URL: Hindi and English sides per document."""
    hi = (FLORES / "hin_Deva.devtest").read_text(encoding="utf-8").splitlines()
    en = (FLORES / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    with (FLORES / "metadata_devtest.tsv").open(encoding="utf-8") as handle:
        urls = [row["URL"] for row in csv.DictReader(handle, delimiter="\t")]
    documents: list[dict] = []
    for h, e, url in zip(hi, en, urls):
        if not documents or documents[-1]["url"] != url:
            documents.append({"url": url, "hi": [], "en": []})
        documents[-1]["hi"].append(h.strip())
        documents[-1]["en"].append(e.strip())
    return documents


def articles(documents: list[dict], sentences: int) -> list[dict]:
    """Consecutive documents joined until each holds at least ``sentences`` sentences (1: the
    URL groups as they are). FLORES groups average 3.6 sentences; a news article has ~25."""
    joined: list[dict] = []
    for doc in documents:
        if joined and len(joined[-1]["hi"]) < sentences:
            joined[-1] = {**joined[-1], "hi": joined[-1]["hi"] + doc["hi"],
                          "en": joined[-1]["en"] + doc["en"]}  # fmt: skip
        else:
            joined.append(doc)
    return joined


def nights(count: int, seed: int = 0, sentences: int = 1) -> tuple[list[dict], list[dict], dict]:
    """Night one (``count`` documents) and night two: 30 % edited, 10 % new (FLORES docs not
    used before); an edit appends one unused FLORES sentence and replaces another."""
    documents = articles(flores_documents(), sentences)
    first = documents[:count]
    spare = [line for doc in documents[count * 2 :] for line in doc["hi"]]
    rng = random.Random(seed)
    edited = set(rng.sample(range(count), round(count * 0.3)))
    second = []
    for index, doc in enumerate(first):
        lines = list(doc["hi"])
        if index in edited:
            lines[rng.randrange(len(lines))] = spare.pop()
            lines.append(spare.pop())
        second.append({**doc, "hi": lines})
    new = documents[count : count + round(count * 0.1)]
    second += new
    return first, second, {"edited": len(edited), "new": len(new)}


def write_jsonl(path: Path, documents: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for index, doc in enumerate(documents):
            record = {"id": f"doc{index:03d}", "text": " ".join(doc["hi"]), "url": doc["url"]}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def nightly_config() -> dict:
    return yaml.safe_load((ROOT / "configs" / "nightly.yaml").read_text(encoding="utf-8"))


def run_config(path: Path, model: Path, backend: str, max_tokens: int, budget: int) -> Path:
    """configs/nightly.yaml with the bench's model, output cap and token budget;
    ``transformers`` gives the old default (the file said ``backend: transformers`` and had no
    CTranslate2 keys)."""
    config = nightly_config()
    translator = config["translator"]
    translator.update(model=str(model), backend=backend, max_length=max_tokens, length_ratio=1000)
    translator["max_batch_tokens"] = budget
    if backend == "transformers":
        for key in ("compute_type", "use_vmap", "inter_threads"):
            translator.pop(key, None)
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


# --- models -----------------------------------------------------------------------------------


def model_folders(cache: Path, quick: bool) -> tuple[Path, Path]:
    """The translation checkpoint and the summarizer checkpoint (transformers folders)."""
    if quick:
        return cache / "tiny-nllb", cache / "tiny-bart"
    return cache / "nllb600m-random-latin0.4", cache / "distilbart-cnn-12-6-random"


def build_models(cache: Path, quick: bool) -> None:
    """Build the checkpoints of :func:`model_folders` that are not there yet."""
    from tests.tiny_models import build_random_nllb_600m, build_tiny_bart, build_tiny_nllb

    nllb, bart = model_folders(cache, quick)
    if quick:
        if not (nllb / "model.safetensors").is_file():
            build_tiny_nllb(nllb)
        if not (bart / "model.safetensors").is_file():
            build_tiny_bart(bart)
        return
    if not (nllb / "model.safetensors").is_file():
        print(f"building the random 600M model in {nllb} ...", file=sys.stderr)
        build_random_nllb_600m(nllb, latin_share=0.4)
    if not (bart / "model.safetensors").is_file():
        print(f"building the random distilbart-cnn-12-6 in {bart} ...", file=sys.stderr)
        build_random_distilbart(bart)


# Values of the published sshleifer/distilbart-cnn-12-6 config.json and its summarization
# generation settings.
DISTILBART = {
    "d_model": 1024,
    "encoder_layers": 12,
    "decoder_layers": 6,
    "encoder_attention_heads": 16,
    "decoder_attention_heads": 16,
    "encoder_ffn_dim": 4096,
    "decoder_ffn_dim": 4096,
    "max_position_embeddings": 1024,
    "activation_function": "gelu",
    "scale_embedding": False,
}
DISTILBART_VOCAB = 50264
DISTILBART_GENERATION = {
    "num_beams": 4,
    "length_penalty": 2.0,
    "no_repeat_ngram_size": 3,
    "min_length": 56,
    "max_length": 142,
    "early_stopping": True,
}


def build_random_distilbart(folder: Path, seed: int = 0) -> Path:
    """distilbart-cnn-12-6's architecture with random weights: a byte-level BPE trained on
    FLORES English, padded with filler pieces to the real 50,264-entry vocabulary."""
    import torch
    from tokenizers import ByteLevelBPETokenizer
    from transformers import BartConfig, BartForConditionalGeneration, BartTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    trainer = ByteLevelBPETokenizer()
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    english = (FLORES / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    trainer.train_from_iterator(english, vocab_size=8000, special_tokens=specials)
    vocab = trainer.get_vocab()
    rng = random.Random(seed)
    while len(vocab) < DISTILBART_VOCAB:
        vocab.setdefault(
            "Ġ" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8)), len(vocab)
        )
    model = json.loads(trainer.to_str())["model"]
    merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in model["merges"]]
    tokenizer = BartTokenizer(vocab=vocab, merges=merges)
    tokenizer.save_pretrained(str(folder))
    torch.manual_seed(seed)
    config = BartConfig(
        vocab_size=DISTILBART_VOCAB,
        **DISTILBART,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        forced_bos_token_id=tokenizer.bos_token_id,
    )
    model = BartForConditionalGeneration(config)
    for key, value in DISTILBART_GENERATION.items():
        setattr(model.generation_config, key, value)
    model.save_pretrained(str(folder))
    return folder


# --- running ----------------------------------------------------------------------------------


def timed(command: list[str], env: dict[str, str], log: Path) -> dict:
    """Run ``command``; wall seconds and its own peak RSS (wait4 reports this child's)."""
    started = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}); see {log}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": usage.ru_maxrss / 1024}


class Bench:
    """Holds the prepared inputs and runs one scenario at a time."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = args.cache / ("nightly-quick" if args.quick else "nightly")
        self.ct2_cache = self.work.with_name(self.work.name + "-ct2-cache")
        shutil.rmtree(self.work, ignore_errors=True)
        if not args.keep_cache:
            shutil.rmtree(self.ct2_cache, ignore_errors=True)
        self.work.mkdir(parents=True)
        # Built in a child: a process forked from a large parent inherits its peak RSS, so
        # this one must stay small for wait4 to report each scenario's own peak.
        quick = ["--quick"] if args.quick else []
        command = [sys.executable, __file__, "--worker", "build", str(args.cache), *quick]
        subprocess.run(command, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        self.nllb, self.bart = model_folders(args.cache, args.quick)
        first, second, self.changes = nights(args.docs, sentences=args.article_sentences)
        self.night1 = write_jsonl(self.work / "night1.jsonl", first)
        self.night2 = write_jsonl(self.work / "night2.jsonl", second)
        self.docs = {"night1": len(first), "night2": len(second)}
        self.summary_docs = [doc["en"] for doc in first[: args.summary_docs]]
        self.configs = {
            name: run_config(
                self.work / f"{name}.yaml", self.nllb, backend, args.max_tokens, args.batch_tokens
            )
            for name, backend in (("old", "transformers"), ("new", "ctranslate2"))
        }
        self.env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "TRANSLATE_SUMMARIZE_CACHE": str(self.ct2_cache),
            "PYTHONPATH": str(ROOT),
        }
        self.counter = 0
        self.sentence_file = self.work / "sentences.json"
        self.first_night: Path | None = None
        self.sentences: dict[str, int] = {}

    def worker(self, *args: str) -> list[str]:
        options = ["--threads", str(self.args.threads), "--max-tokens", str(self.args.max_tokens)]
        options += ["--max-batch-tokens", str(self.args.batch_tokens)]
        options += ["--summary-tokens", str(self.args.summary_tokens)]
        return [sys.executable, __file__, "--worker", *args, *options]

    def convert(self) -> dict:
        """Time the one-time conversions on an empty cache (this also fills it)."""
        result: dict = {}
        if self.args.keep_cache:
            return result
        for kind, model in (("translation", self.nllb), ("summarization", self.bart)):
            log = self.work / f"convert-{kind}.log"
            result[kind] = timed(self.worker("convert", kind, str(model)), self.env, log)
            print(f"  conversion ({kind}): {result[kind]['seconds']:.1f} s", file=sys.stderr)
        return result

    def run(self, config: str, documents: Path, output: Path) -> dict:
        command = [sys.executable, "-m", "translate_summarize", "run", str(self.configs[config])]
        command += ["--input", str(documents), "--output", str(output), "-q"]
        return timed(command, self.env, output.with_suffix(".log"))

    def scenario(self, name: str) -> dict:
        self.counter += 1
        out = self.work / f"{name}-{self.counter}"
        if name in ("old_default", "new_default"):
            result = self.run(name.split("_")[0], self.night1, out)
            self._count_sentences("night1", out)
            if name == "new_default" and self.first_night is None:
                self.first_night = out
                self._write_sentences(out)
            return result
        if name == "night2_full":
            result = self.run("new", self.night2, out)
            self._count_sentences("night2", out)
            return result
        if name == "night2":
            shutil.copytree(self._first_night(), out)
            result = self.run("new", self.night2, out)
            result["memory_hits"] = _run_json(out).get("memory_hits")
            return result
        if name == "raw_ct2":
            self._first_night()
            return timed(
                self.worker("raw", str(self.nllb), str(self.sentence_file)),
                self.env,
                out.with_suffix(".log"),
            )
        backend = "transformers" if name == "summ_hf" else "ctranslate2"
        documents = self.work / "summary-docs.json"
        documents.write_text(json.dumps(self.summary_docs), encoding="utf-8")
        log = out.with_suffix(".log")
        result = timed(
            self.worker("summarize", backend, str(self.bart), str(documents)), self.env, log
        )
        timing = json.loads(log.read_text().strip().splitlines()[-1])
        result["summarize_seconds"] = timing["seconds"]
        result["summarize_cpu_seconds"] = timing["cpu_seconds"]
        return result

    def _first_night(self) -> Path:
        if self.first_night is None:
            self.scenario("new_default")
        return self.first_night

    def _count_sentences(self, night: str, output: Path) -> None:
        self.sentences[night] = int(_run_json(output).get("sentences", 0) or 0) or sum(
            len(json.loads(p.read_text())["sentences"]) for p in (output / "briefs").glob("*.json")
        )

    def _write_sentences(self, output: Path) -> None:
        """The Hindi sentences (and titles) the tool translated, for the raw CT2 floor."""
        sentences = []
        for path in sorted((output / "briefs").glob("*.json")):
            brief = json.loads(path.read_text(encoding="utf-8"))
            if brief.get("title"):
                sentences.append(brief["title"]["hi"])
            sentences += [s["hi"] for s in brief["sentences"]]
        self.sentence_file.write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")


def _run_json(output: Path) -> dict:
    try:
        data = json.loads((output / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    counts = data.get("counts", {})
    return {**counts, **data}


def schedule(rounds: int, slow_rounds: int, chosen: list[str]) -> list[str]:
    """Every chosen scenario once per round (the slow ones in the first ``slow_rounds``)."""
    order = []
    for index in range(rounds):
        order += [s for s in chosen if s not in SLOW or index < slow_rounds]
    return order


def report(args: argparse.Namespace) -> dict:
    bench = Bench(args)
    conversion = bench.convert()
    runs: dict[str, list[dict]] = {name: [] for name in SCENARIOS}
    for name in schedule(args.rounds, args.slow_rounds, args.scenarios):
        result = bench.scenario(name)
        runs[name].append(result)
        print(
            f"  {name}: {result['seconds']:.1f} s, {result['peak_rss_mb']:.0f} MB", file=sys.stderr
        )
    scenarios = {name: summarize(name, found, bench) for name, found in runs.items() if found}
    return {
        "settings": {
            "documents": bench.docs,
            "article_sentences": args.article_sentences,
            "night2_changes": bench.changes,
            "sentences": bench.sentences,
            "summary_documents": len(bench.summary_docs),
            "max_tokens": args.max_tokens,
            "threads": args.threads,
            "max_batch_tokens": args.batch_tokens,
            "rounds": args.rounds,
            "slow_rounds": args.slow_rounds,
            "models": "tiny test models" if args.quick else "random NLLB-600M, distilbart-cnn-12-6",
        },
        "conversion": {k: _round(v) for k, v in conversion.items()},
        "scenarios": scenarios,
        "ratios": ratios(scenarios),
        "peak_rss_mb": max(
            (scenarios[s]["peak_rss_mb"] for s in ("new_default", "night2") if s in scenarios),
            default=None,
        ),
    }


def summarize(name: str, found: list[dict], bench: Bench) -> dict:
    seconds = statistics.median(r["seconds"] for r in found)
    night = "night2" if name.startswith("night2") else "night1"
    result = {
        "seconds": round(seconds, 2),
        "runs": [round(r["seconds"], 2) for r in found],
        # CPU time (user + system) of the whole process: far less sensitive than wall time
        # to other work on a shared host.
        "cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in found), 2),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in found)),
        "peak_rss_runs": [round(r["peak_rss_mb"]) for r in found],
    }
    if name.startswith("summ"):
        result["summarize_seconds"] = round(
            statistics.median(r["summarize_seconds"] for r in found), 2
        )
        result["summarize_cpu_seconds"] = round(
            statistics.median(r["summarize_cpu_seconds"] for r in found), 2
        )
        return result
    sentences = bench.sentences.get(night) if name != "night2" else bench.sentences.get("night2")
    result["docs_per_min"] = round(bench.docs[night] * 60 / seconds, 1)
    if sentences:
        result["sentences_per_s"] = round(sentences / seconds, 2)
    if name == "night2":
        result["memory_hits"] = [r.get("memory_hits") for r in found]
    return result


def ratios(s: dict) -> dict:
    def ratio(a: str, b: str, key: str = "seconds") -> float | None:
        if a in s and b in s:
            return round(s[a][key] / s[b][key], 2)
        return None

    found = {
        "default_vs_old_default": ratio("old_default", "new_default"),
        "default_vs_raw_ct2": ratio("new_default", "raw_ct2"),
        "second_night_speedup": ratio("night2_full", "night2"),
        "summarizer_ct2_speedup": ratio("summ_hf", "summ_ct2", "summarize_seconds"),
    }
    cpu = {
        "default_vs_old_default": ratio("old_default", "new_default", "cpu_seconds"),
        "default_vs_raw_ct2": ratio("new_default", "raw_ct2", "cpu_seconds"),
        "second_night_speedup": ratio("night2_full", "night2", "cpu_seconds"),
        "summarizer_ct2_speedup": ratio("summ_hf", "summ_ct2", "summarize_cpu_seconds"),
    }
    return {**found, "by_cpu_time": cpu}


def _round(values: dict) -> dict:
    return {k: round(v, 1) for k, v in values.items()}


# --- workers (run in their own process) -------------------------------------------------------


def worker(args: argparse.Namespace) -> None:
    kind, rest = args.worker[0], args.worker[1:]
    if kind == "build":
        build_models(Path(rest[0]), args.quick)
        return
    {"convert": work_convert, "raw": work_raw, "summarize": work_summarize}[kind](args, *rest)


def work_convert(args: argparse.Namespace, kind: str, model: str) -> None:
    from translate_summarize.translation.model_cache import ct2_model

    ct2_model(model, kind, "int8", None, "eng_Latn" if kind == "translation" else None)


def work_raw(args: argparse.Namespace, model: str, sentence_file: str) -> None:
    """The floor: CTranslate2 called directly, same model folder, beam, cap, threads, map."""
    import ctranslate2
    from tokenizers import Tokenizer

    from translate_summarize.translation.model_cache import ct2_model

    folder = ct2_model(model, "translation", "int8", None, "eng_Latn")
    sentences = json.loads(Path(sentence_file).read_text(encoding="utf-8"))
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    translator = ctranslate2.Translator(
        str(folder), device="cpu", compute_type="int8", intra_threads=1, inter_threads=args.threads
    )
    encodings = tokenizer.encode_batch(sentences, add_special_tokens=False)
    results = translator.translate_batch(
        [["hin_Deva", *e.tokens, "</s>"] for e in encodings],
        target_prefix=[["eng_Latn"]] * len(sentences),
        beam_size=4,
        max_decoding_length=args.max_tokens,
        # The tool's budget counts source + cap and is shared by the batches in flight.
        max_batch_size=args.batch_tokens // args.threads // 2,
        batch_type="tokens",
        use_vmap=True,
    )
    ids = [[tokenizer.token_to_id(t) for t in r.hypotheses[0]] for r in results]
    print(len(tokenizer.decode_batch(ids, skip_special_tokens=True)))


def work_summarize(args: argparse.Namespace, backend: str, model: str, documents: str) -> None:
    """The abstractive summarizer alone; the timing excludes loading (printed as JSON)."""
    from types import SimpleNamespace

    from translate_summarize.config import SummarizerConfig
    from translate_summarize.summary.summarizer import AbstractiveSummarizer

    if backend == "transformers":
        import torch

        torch.set_num_threads(args.threads)
    stub = SimpleNamespace(reversible=True, config=SimpleNamespace(cache_dir=None))
    config = SummarizerConfig(
        method="abstractive", model=model, backend=backend, max_length=args.summary_tokens
    )
    summarizer = AbstractiveSummarizer(config, stub)
    texts = json.loads(Path(documents).read_text(encoding="utf-8"))
    summarizer.summarize_text(texts[0][:1])  # warm-up
    started, cpu = time.perf_counter(), time.process_time()
    for sentences in texts:
        summarizer.summarize_text(sentences)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "cpu_seconds": time.process_time() - cpu}))


# --- output -----------------------------------------------------------------------------------


def print_table(result: dict) -> None:
    s = result["settings"]
    print(
        f"{s['models']}; night one {s['documents']['night1']} documents "
        f"({s['sentences'].get('night1')} sentences), night two {s['documents']['night2']} "
        f"({s['night2_changes']}); {s['max_tokens']}-token cap, {s['threads']} threads; "
        f"medians of {s['rounds']} rounds ({s['slow_rounds']} for the slow paths)"
    )
    for kind, c in result["conversion"].items():
        print(
            f"one-time conversion ({kind}): {c['seconds']:.1f} s, "
            f"peak RSS {c['peak_rss_mb']:.0f} MB"
        )
    print(f"{'scenario':<13}{'seconds':>9}{'docs/min':>10}{'sent/s':>8}{'peak RSS MB':>13}")
    for name, v in result["scenarios"].items():
        seconds = v.get("summarize_seconds", v["seconds"])
        print(
            f"{name:<13}{seconds:>9.1f}{v.get('docs_per_min', float('nan')):>10.1f}"
            f"{v.get('sentences_per_s', float('nan')):>8.2f}{v['peak_rss_mb']:>13}"
        )
    print("ratios: " + ", ".join(f"{k} {v}" for k, v in result["ratios"].items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny models, 6 documents, 1 round")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--docs", type=int, default=24, help="night-one documents")
    parser.add_argument(
        "--article-sentences",
        type=int,
        default=1,
        help="join consecutive FLORES URL groups into articles of at least N sentences",
    )
    parser.add_argument("--summary-docs", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--slow-rounds", type=int, default=2, help="rounds of the slow paths")
    parser.add_argument("--max-tokens", type=int, default=40)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--max-batch-tokens",
        dest="batch_tokens",
        type=int,
        default=None,
        help="translator.max_batch_tokens for the tool and the raw floor alike "
        "(default: configs/nightly.yaml's)",
    )
    parser.add_argument(
        "--summary-tokens", type=int, default=142, help="summary length (distilbart-cnn: 142)"
    )
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument(
        "--keep-cache",
        action="store_true",
        help="reuse the conversions of the last run (the conversion is then not timed)",
    )
    parser.add_argument(
        "--scenarios",
        type=lambda text: [name for name in SCENARIOS if name in text.split(",")],
        default=list(SCENARIOS),
        help=f"comma-separated subset of {','.join(SCENARIOS)}",
    )
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    args.batch_tokens = args.batch_tokens or nightly_config()["translator"]["max_batch_tokens"]
    if args.quick:
        args.docs, args.summary_docs, args.rounds, args.slow_rounds = 6, 2, 1, 1
        args.summary_tokens = 20  # the tiny BART has 128 positions
    result = report(args)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)


if __name__ == "__main__":
    main()
