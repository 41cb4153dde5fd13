"""Tokenizers of the CTranslate2 backend: token strings in, token strings out, one
:class:`Tokenizer` protocol for every model family (NLLB/M2M100 here, IndicTrans2 in
:mod:`~translate_summarize.translation.indictrans`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from translate_summarize.errors import ModelLoadError
from translate_summarize.translation.indictrans import FAMILY, IndicTransTokenizer


class Tokenizer(Protocol):
    """What the CTranslate2 backend needs from a model family's tokenizer."""

    extra_tokens: int  # special tokens around the pieces of a source (tags, </s>)
    reversible: bool  # whether the model also translates target → source

    def require(self, code: str, model: str) -> None: ...

    def pieces(self, texts: Sequence[str]) -> list[list[str]]: ...

    def source(self, pieces: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]: ...

    def prefix(self, tgt_lang: str) -> list[str] | None: ...

    def decode(self, tokens: Sequence[str]) -> str: ...


def tokenizer_for(folder: Path, metadata: dict[str, Any]) -> Tokenizer:
    """The tokenizer of the model family recorded at conversion (NLLB/M2M100 by default)."""
    return TOKENIZERS[metadata.get("family", "nllb")](folder)


class PieceTokenizer:
    """An NLLB/M2M100 folder's ``tokenizer.json`` through the ``tokenizers`` library alone.

    CTranslate2 needs token strings, not tensors; skipping transformers keeps torch, and the
    memory it takes, out of the process.
    """

    extra_tokens = 2  # the language tag and </s>
    reversible = True  # NLLB translates in every direction it has tags for

    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer as FastTokenizer

        path = folder / "tokenizer.json"
        try:
            self.tokenizer = FastTokenizer.from_file(str(path))
        except Exception as exc:  # noqa: BLE001
            raise ModelLoadError(f"Cannot read the tokenizer {str(path)!r}: {exc}.") from None

    def require(self, code: str, model: str) -> None:
        """A language tag the model lacks is a :class:`ModelLoadError` naming it."""
        if self.tokenizer.token_to_id(code) is None:
            raise ModelLoadError(
                f"Model {model!r} has no language token {code!r}; use an NLLB-200 language "
                "code such as hin_Deva or eng_Latn, or a model that supports it."
            )

    def pieces(self, texts: Sequence[str]) -> list[list[str]]:
        """Subword pieces of each text, without special tokens."""
        if not texts:
            return []
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        return [encoding.tokens for encoding in encodings]

    def source(self, pieces: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        """``<src_lang> pieces… </s>``; the target language goes in the prefix."""
        return [src_lang, *pieces, "</s>"]

    def prefix(self, tgt_lang: str) -> list[str] | None:
        """The decoder is forced to start with the target language tag."""
        return [tgt_lang]

    def decode(self, tokens: Sequence[str]) -> str:
        """Text of generated tokens; special tokens (language tag, ``</s>``) are dropped."""
        ids = [self.tokenizer.token_to_id(t) for t in tokens]
        known = [i for i in ids if i is not None]
        return self.tokenizer.decode(known, skip_special_tokens=True).strip()


TOKENIZERS: dict[str, Callable[[Path], Tokenizer]] = {
    "nllb": PieceTokenizer,
    FAMILY: IndicTransTokenizer,
}
"""Model family (as ``models convert`` records it) → its tokenizer."""
