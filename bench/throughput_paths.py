"""The worker side of bench/translate_throughput.py: set up one path and time it once.

Each path runs in its own process (``translate_throughput.py --worker PATH``), so its peak RSS
is its own. Every path decodes to the same cap and counts the tokens it generates.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from translate_summarize.config import TranslatorConfig


def sentences(count: int) -> list[str]:
    from tests.tiny_models import flores_lines

    return flores_lines("hin_Deva")[:count]


def worker(args: argparse.Namespace) -> None:
    """Run one path once; print a JSON line with seconds, generated tokens and peak RSS."""
    texts = sentences(args.sentences)
    counter = TokenCounter()
    translate = _setup(args, counter)
    translate(texts[:1])  # warm-up: first-call allocations and kernel selection
    counter.tokens = 0
    started = time.perf_counter()
    translate(texts)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "sentences": len(texts),
                "tokens": counter.tokens,
                "peak_rss_mb": peak_rss_mb(),
            }
        )
    )


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). ru_maxrss would include the parent's peak,
    which a forked child inherits."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TokenCounter:
    """Counts generated target tokens (language tag and padding excluded) on every path."""

    def __init__(self) -> None:
        self.tokens = 0

    def wrap_generate(self, model, pad_id: int) -> None:
        generate = model.generate

        def counting(*args, **kwargs):
            out = generate(*args, **kwargs)
            self.tokens += int((out[:, 2:] != pad_id).sum())  # after </s> start and language tag
            return out

        model.generate = counting

    def wrap_ct2(self, translator):
        counter = self

        class Counting:
            def translate_batch(self, *args, **kwargs):
                results = translator.translate_batch(*args, **kwargs)
                counter.tokens += sum(len(r.hypotheses[0]) - 1 for r in results)
                return results

            def __getattr__(self, name):
                return getattr(translator, name)

        return Counting()


def _setup(args: argparse.Namespace, counter: TokenCounter):
    if args.path in ("naive", "hf_sorted"):
        return _hf_setup(args, counter)
    if args.path == "raw_ct2":
        return _raw_ct2_setup(args, counter)
    from translate_summarize.config import TranslatorConfig
    from translate_summarize.translation.translator import Translator

    ct2 = args.path != "tool_transformers"
    intra, inter = tool_threads(args) if ct2 else (args.threads, 1)
    config = TranslatorConfig(
        backend="ctranslate2" if ct2 else "transformers",
        model=str(args.ct2_dir if ct2 else args.hf_dir),
        beam_size=args.beam,
        max_length=args.max_tokens,
        length_ratio=1000,  # every batch gets the fixed cap: equal work on every path
        max_batch_tokens=args.tool_batch_tokens,
        threads=intra,
        inter_threads=inter,
        compute_type="int8",
        use_vmap=args.path == "tool_ct2_vmap",
    )
    translator = Translator(config)
    backend = translator.backend
    if ct2:
        backend.translator = counter.wrap_ct2(backend.translator)
    else:
        counter.wrap_generate(backend.model, backend.tokenizer.pad_token_id)
    return lambda texts: [r.text for r in translator.translate(texts)]


def tool_threads(args: argparse.Namespace) -> tuple[int, int]:
    """The tool's CTranslate2 thread plan on a machine with ``--threads`` cores."""
    from translate_summarize.translation.ctranslate2_backend import thread_plan

    config = TranslatorConfig(inter_threads=args.tool_inter_threads)
    return thread_plan(config, "cpu", args.threads)


def _hf_setup(args: argparse.Namespace, counter: TokenCounter):
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from translate_summarize.translation.batching import plan_batches

    torch.set_num_threads(args.threads)
    tokenizer = AutoTokenizer.from_pretrained(args.hf_dir, src_lang="hin_Deva")
    model = AutoModelForSeq2SeqLM.from_pretrained(args.hf_dir).eval()
    counter.wrap_generate(model, tokenizer.pad_token_id)
    target = tokenizer.convert_tokens_to_ids("eng_Latn")

    def generate(batch: list[str]) -> list[str]:
        inputs = tokenizer(batch, return_tensors="pt", padding=True)
        with torch.inference_mode():
            out = model.generate(
                **inputs,
                forced_bos_token_id=target,
                num_beams=args.beam,
                max_new_tokens=args.max_tokens,
            )
        return tokenizer.batch_decode(out, skip_special_tokens=True)

    def naive(texts: list[str]) -> list[str]:
        return [generate([text])[0] for text in texts]

    def sorted_batches(texts: list[str]) -> list[str]:
        lengths = [len(ids) for ids in tokenizer(texts)["input_ids"]]
        results = [""] * len(texts)
        for batch in plan_batches(lengths, args.batch_tokens):
            for index, output in zip(batch, generate([texts[i] for i in batch])):
                results[index] = output
        return results

    return naive if args.path == "naive" else sorted_batches


def _raw_ct2_setup(args: argparse.Namespace, counter: TokenCounter):
    import ctranslate2
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(args.ct2_dir, src_lang="hin_Deva")
    translator = counter.wrap_ct2(
        ctranslate2.Translator(
            str(args.ct2_dir),
            device="cpu",
            compute_type="int8",
            intra_threads=max(1, args.threads // args.raw_inter_threads),
            inter_threads=args.raw_inter_threads,
        )
    )

    def translate(texts: list[str]) -> list[str]:
        source = [tokenizer.convert_ids_to_tokens(ids) for ids in tokenizer(texts)["input_ids"]]
        results = translator.translate_batch(
            source,
            target_prefix=[["eng_Latn"]] * len(source),
            beam_size=args.beam,
            max_decoding_length=args.max_tokens,
            max_batch_size=args.batch_tokens,
            batch_type="tokens",
        )
        return [
            tokenizer.decode(
                tokenizer.convert_tokens_to_ids(r.hypotheses[0]), skip_special_tokens=True
            )
            for r in results
        ]

    return translate
