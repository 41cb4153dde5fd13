"""How honest are the fidelity flags? False flags on gold pairs, catches on corrupted copies.

Runs ``translate_summarize.text.quality.check`` over FLORES-200 devtest Hindi/English gold pairs
(every flag there is a false flag, or a real flaw of the reference) and over corrupted copies
of the gold English, one corruption at a time:

  drop_number    one number of the English removed (pairs whose Hindi and English share one)
  loop           the last three words repeated three more times (a decoder loop)
  truncate       the English cut to its first half, at a word boundary
  hindi_clause   the last third of the Hindi sentence appended untranslated
  empty          the English replaced by nothing

    python bench/fidelity_flags.py [--json]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from translate_summarize.text.quality import check, numbers

DATA = Path(__file__).resolve().parent.parent / "translate_summarize" / "data" / "flores200-devtest"


def drop_number(hi: str, en: str) -> str | None:
    shared = [n for n in numbers(en) if n in numbers(hi)]
    if not shared:
        return None
    target = shared[0]
    for match in re.finditer(r"\d+(?:[,.]\d+)*", en):
        if target in numbers(match.group()):
            return (en[: match.start()] + en[match.end() :]).replace("  ", " ")
    return None


def loop(hi: str, en: str) -> str:
    tail = " ".join(en.rstrip(".!?").split()[-3:])
    return f"{en.rstrip('.!?')} {' '.join([tail] * 3)}"


def truncate(hi: str, en: str) -> str:
    words = en.split()
    return " ".join(words[: max(1, len(words) // 2)])


def hindi_clause(hi: str, en: str) -> str:
    words = hi.split()
    return f"{en} {' '.join(words[-max(2, len(words) // 3) :])}"


def empty(hi: str, en: str) -> str:
    return ""


CORRUPTIONS: dict[str, Callable[[str, str], str | None]] = {
    "drop_number": drop_number,
    "loop": loop,
    "truncate": truncate,
    "hindi_clause": hindi_clause,
    "empty": empty,
}


def measure(pairs: list[tuple[str, str]]) -> dict:
    flagged = Counter()
    false_flags = 0
    for hi, en in pairs:
        flags = check(hi, en)
        false_flags += bool(flags)
        flagged.update(flags)
    caught: dict[str, dict] = {}
    for name, corrupt in CORRUPTIONS.items():
        cases = [(hi, bad) for hi, en in pairs if (bad := corrupt(hi, en)) is not None]
        hits = sum(bool(check(hi, bad)) for hi, bad in cases)
        caught[name] = {"cases": len(cases), "caught": hits, "rate": round(hits / len(cases), 4)}
    total = sum(c["cases"] for c in caught.values())
    hits = sum(c["caught"] for c in caught.values())
    return {
        "gold_pairs": len(pairs),
        "false_flag_rate": round(false_flags / len(pairs), 4),
        "false_flags_by_rule": dict(flagged),
        "corruptions": caught,
        "caught_rate": round(hits / total, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    hi = (DATA / "hin_Deva.devtest").read_text(encoding="utf-8").splitlines()
    en = (DATA / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    result = measure(list(zip(hi, en)))
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"gold pairs: {result['gold_pairs']}, flagged (false flags): "
        f"{result['false_flag_rate']:.1%} {result['false_flags_by_rule']}"
    )
    for name, c in result["corruptions"].items():
        print(f"{name:<14}{c['caught']:>5} / {c['cases']:<5} caught  {c['rate']:.1%}")
    print(f"all corruptions: {result['caught_rate']:.1%} caught")


if __name__ == "__main__":
    main()
