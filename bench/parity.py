"""How many of the 1,012 FLORES devtest Hindi sources match each model family's reference, step
by step.

IndicTrans2 (reference: IndicTransToolkit 1.1.1's IndicProcessor, the Hub tokenizer's rule,
transformers' clean-up + IndicProcessor.postprocess_batch):
  preprocessing   our preprocess vs IndicProcessor(inference=False)
  placeholders    our masking + preprocess vs IndicProcessor(inference=True) (placeholder numbers
                  compared in order of appearance: the toolkit numbers them in set order)
                  — and, for contrast, the project's former policy (every number masked)
  ids             our source tokens (real indic-en tokenizer) vs sentencepiece + dictionary on
                  the reference's pre-processed text
  decode          1,012 Moses-tokenised FLORES English lines: our clean-up + Moses vs the
                  reference's; and the fixture's 10 final strings per checkpoint, end to end
NLLB (reference: the transformers NLLB tokenizer + generate, on a tiny random NLLB):
  placeholders    sources that reach the model unchanged (the reference masks nothing)
  ids             the ctranslate2 backend's tokenizer vs the transformers tokenizer
  final strings   ctranslate2 (float32) vs transformers generate, greedy and beam 4

The reference IndicProcessor is compiled code that does not import under transformers 5; point
``--indicprocessor`` at its extension module, e.g. after
``pip download indictranstoolkit==1.1.1 --no-deps -d /tmp/itk`` and unzipping the wheel:
``--indicprocessor /tmp/itk/IndicTransToolkit/processor.cpython-311-x86_64-linux-gnu.so``.
Without it the IndicTrans2 rows that need it are skipped.

    python bench/parity.py --indicprocessor PATH [--nllb-sentences N] [--families indictrans2,nllb]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.tiny_models import build_tiny_nllb, flores_lines  # noqa: E402
from translate_summarize.text import indicprocessor as ip  # noqa: E402
from translate_summarize.text.placeholders import KINDS, protect  # noqa: E402
from translate_summarize.translation.indictrans import IndicTransTokenizer  # noqa: E402

REAL_TOKENIZER = ROOT / "tests" / "data" / "indictrans2-indic-en-tokenizer"
FIXTURE = ROOT / "tests" / "data" / "indictrans2-parity"
TAGS = "hin_Deva eng_Latn "


def renumber(text: str) -> str:
    """Placeholders (``<ID3>`` or, once tokenised, ``< ID3 >``) numbered in order of first
    appearance."""
    seen: dict[str, str] = {}

    def number(match: re.Match[str]) -> str:
        new = seen.setdefault(match.group(2), str(len(seen) + 1))
        return f"{match.group(1)}{new}{match.group(3)}"

    return re.sub(r"(<\s*ID)(\d+)(\s*>)", number, text)


def load_indicprocessor(path: str):
    spec = importlib.util.spec_from_file_location("processor", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.IndicProcessor


def report(family: str, step: str, matched: int, total: int, note: str = "") -> None:
    print(f"{family:12} {step:34} {matched:5} / {total:<5} {note}")


def indictrans2_rows(processor_path: str | None) -> None:
    sources = flores_lines()
    tokenizer = IndicTransTokenizer(REAL_TOKENIZER)
    ours_plain = [TAGS + ip.preprocess(t, tokenizer.normalizer) for t in sources]
    ours_masked = [
        renumber(TAGS + ip.preprocess(protect(t, "indicprocessor")[0], tokenizer.normalizer))
        for t in sources
    ]
    former = [TAGS + ip.preprocess(protect(t, KINDS)[0], tokenizer.normalizer) for t in sources]
    if processor_path:
        processor = load_indicprocessor(processor_path)
        plain = processor(inference=False).preprocess_batch(sources, "hin_Deva", "eng_Latn")
        masked = processor(inference=True).preprocess_batch(sources, "hin_Deva", "eng_Latn")
        masked = [renumber(m) for m in masked]
        report("indictrans2", "preprocessing", _same(ours_plain, plain), len(sources))
        report("indictrans2", "placeholders (indicprocessor)", _same(ours_masked, masked), 1012)
        report("indictrans2", "placeholders (every number, former)", _same(former, masked), 1012)
        reference_ids = [_hub_ids(tokenizer, m) for m in masked]
        ours_ids = [_hub_ids(tokenizer, m) for m in ours_masked]
        report("indictrans2", "source ids", _same(ours_ids, reference_ids), len(sources))
        _decode_row(processor)
    else:
        print("indictrans2  (no --indicprocessor: preprocessing/placeholder/id rows skipped)")
    _fixture_rows()


def _same(ours: list, reference: list) -> int:
    return sum(a == b for a, b in zip(ours, reference))


def _hub_ids(tokenizer: IndicTransTokenizer, text: str) -> list[int]:
    """The Hub tokenizer's rule: two tags, sentencepiece pieces in the dictionary, </s>."""
    src, tgt, rest = text.split(" ", 2)
    pieces = tokenizer.source_model.encode(rest, out_type=str)
    return [tokenizer.source_vocab.get(t, 3) for t in tokenizer.source(pieces, src, tgt)]


def _decode_row(processor) -> None:
    from sacremoses import MosesTokenizer
    from transformers import PreTrainedTokenizerBase

    moses = MosesTokenizer(lang="en")
    english = [" ".join(moses.tokenize(line, escape=False)) for line in flores_lines("eng_Latn")]
    # transformers' own clean-up (it does not use its instance).
    cleaned = [PreTrainedTokenizerBase.clean_up_tokenization(None, line) for line in english]
    reference = processor(inference=True)
    reference.preprocess_batch(["x"] * len(english), "hin_Deva", "eng_Latn")  # fills its queue
    expected = reference.postprocess_batch(cleaned, lang="eng_Latn")
    tools = IndicTransTokenizer(REAL_TOKENIZER)
    ours = [ip.postprocess(line, tools.detokenizer) for line in english]
    without_clean_up = [tools.detokenizer.detokenize(line.split()) for line in english]
    report("indictrans2", "decode (clean-up + Moses)", _same(ours, expected), len(english))
    report("indictrans2", "decode (Moses only, former)", _same(without_clean_up, expected), 1012)


def _fixture_rows() -> None:
    import json

    from translate_summarize.config import TranslatorConfig
    from translate_summarize.record import Sentence
    from translate_summarize.translation.conversion import convert
    from translate_summarize.translation.translator import Translator, translate_sentences

    sources = flores_lines()[:10]
    for name in ("ln", "eos4"):
        with tempfile.TemporaryDirectory() as tmp:
            convert(str(FIXTURE / f"tiny-{name}"), Path(tmp) / "ct2", quantization="float32")
            config = TranslatorConfig(
                backend="ctranslate2",
                model=str(Path(tmp) / "ct2"),
                compute_type="float32",
                beam_size=1,
                max_length=24,
                length_ratio=100.0,
            )
            sentences = [Sentence(hi=text, paragraph=0) for text in sources]
            translate_sentences(Translator(config), sentences)
        records = json.loads((FIXTURE / f"expected-{name}.json").read_text(encoding="utf-8"))
        expected = [r["en"] for r in records if r["mode"] == "single"]
        matched = _same([s.en for s in sentences], expected)
        report("indictrans2", f"final strings, fixture tiny-{name}", matched, 10, "(raw Hindi in)")


def nllb_rows(count: int) -> None:
    import ctranslate2
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from translate_summarize.translation.conversion import convert
    from translate_summarize.translation.tokenizers import PieceTokenizer

    sources = flores_lines()
    unchanged = sum(protect(t)[0] == t for t in sources)
    report("nllb", "placeholders (default policy)", unchanged, len(sources), "(reach it as text)")
    former = sum(protect(t, KINDS)[0] == t for t in sources)
    report("nllb", "placeholders (every number, former)", former, len(sources))
    with tempfile.TemporaryDirectory() as tmp:
        folder = build_tiny_nllb(Path(tmp) / "nllb")
        convert(str(folder), Path(tmp) / "ct2", quantization="float32", vmap=False)
        reference = AutoTokenizer.from_pretrained(str(folder), src_lang="hin_Deva")
        ours = PieceTokenizer(Path(tmp) / "ct2")
        ref_ids = [reference(t)["input_ids"] for t in sources]
        our_tokens = [ours.source(p, "hin_Deva", "eng_Latn") for p in ours.pieces(sources)]
        our_ids = [[ours.tokenizer.token_to_id(t) for t in tokens] for tokens in our_tokens]
        report("nllb", "source ids", _same(our_ids, ref_ids), len(sources))
        model = AutoModelForSeq2SeqLM.from_pretrained(str(folder)).eval()
        translator = ctranslate2.Translator(str(Path(tmp) / "ct2"), compute_type="float32")
        eng = reference.convert_tokens_to_ids("eng_Latn")
        for beams in (1, 4):
            expected, produced = [], []
            for start in range(0, count, 32):
                batch = sources[start : min(count, start + 32)]
                inputs = reference(batch, return_tensors="pt", padding=True)
                with torch.inference_mode():
                    out = model.generate(
                        **inputs,
                        forced_bos_token_id=eng,
                        num_beams=beams,
                        max_new_tokens=24,
                        do_sample=False,
                    )
                expected += reference.batch_decode(out, skip_special_tokens=True)
                results = translator.translate_batch(
                    our_tokens[start : start + len(batch)],
                    target_prefix=[["eng_Latn"]] * len(batch),
                    beam_size=beams,
                    max_decoding_length=24,
                    min_decoding_length=0,
                )
                produced += [ours.decode(r.hypotheses[0]) for r in results]
            matched = _same([p.strip() for p in produced], [e.strip() for e in expected])
            report("nllb", f"final strings, beam {beams}", matched, count, "(tiny random NLLB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--indicprocessor", help="IndicTransToolkit's processor extension module")
    parser.add_argument("--nllb-sentences", type=int, default=1012)
    parser.add_argument("--families", default="indictrans2,nllb")
    args = parser.parse_args()
    families = args.families.split(",")
    print(f"{'family':12} {'step':34} matched / total")
    if "indictrans2" in families:
        indictrans2_rows(args.indicprocessor)
    if "nllb" in families:
        nllb_rows(args.nllb_sentences)


if __name__ == "__main__":
    main()
