"""IndicTrans2 (AI4Bharat, MIT licence) as a model family, with its conventions implemented here.

IndicTrans2 differs from NLLB in ways that matter at every step:

- Source and target have separate vocabularies: sentencepiece models ``model.SRC`` and
  ``model.TGT`` with fairseq dictionaries ``dict.SRC.json`` and ``dict.TGT.json``.
- A source is ``<src_lang> <tgt_lang> pieces… </s>`` (both tags first, FLORES codes such as
  ``hin_Deva eng_Latn``); the decoder starts from ``</s>`` and needs no target prefix.
- Sources and outputs go through the reference pipeline's text conventions
  (:mod:`translate_summarize.text.indicprocessor`): punctuation normalisation, ASCII digits, Indic
  normalisation and trivial tokenisation in; clean-up of spaces and Moses detokenisation out.
- Placeholders are ``<ID1>``… — the same spelling this project uses — and the model may give
  them back as ``< ID1 >`` or ``[ID1]``, which :mod:`translate_summarize.text.placeholders` accepts.

Its Hub checkpoints ship their modelling code as "remote code", which supports transformers up
to :data:`REMOTE_CODE_TRANSFORMERS` only. This project runs on transformers 5, so IndicTrans2
runs on the ctranslate2 backend: ``models convert`` reads the checkpoint's tensors directly
(no remote code is executed) and writes a CTranslate2 model.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from translate_summarize.errors import ModelLoadError
from translate_summarize.text import indicprocessor

FAMILY = "indictrans2"
MODEL_TYPE = "IndicTrans"
TOKENIZER_FILES = ("dict.SRC.json", "dict.TGT.json", "model.SRC", "model.TGT")
# The transformers versions the Hub checkpoints' remote modelling code runs on (IndicTrans2
# README: >= 4.33.2; AI4Bharat/IndicTrans2 issue #128: later releases break generation and the
# maintainers pin 4.53.2).
REMOTE_CODE_TRANSFORMERS = "4.33.2 to 4.53.2"
_SPECIALS = frozenset({"<s>", "<pad>", "</s>", "<unk>"})


def is_indictrans(model_config: dict[str, Any]) -> bool:
    """Whether a checkpoint's ``config.json`` describes an IndicTrans2 model."""
    architectures = model_config.get("architectures") or []
    return model_config.get("model_type") == MODEL_TYPE or any(
        str(name).startswith("IndicTrans") for name in architectures
    )


def missing_tokenizer_files(folder: Path) -> list[str]:
    """Which of IndicTrans2's four tokenizer files ``folder`` lacks."""
    return [name for name in TOKENIZER_FILES if not (folder / name).is_file()]


def remote_code_refusal(model: str, trust_remote_code: bool) -> ModelLoadError:
    """Why the transformers backend does not run IndicTrans2 here, and what to do instead."""
    import transformers

    convert = (
        f"convert it once with `translate-summarize models convert {model} --to DIR` (which "
        "reads its weights without running its code) and set translator.backend: ctranslate2 "
        "and translator.model: DIR"
    )
    if not trust_remote_code:
        return ModelLoadError(
            f"Model {model!r} is an IndicTrans2 checkpoint whose modelling code lives in its Hub "
            "repository, which this tool runs only when translator.trust_remote_code is true; "
            f"{convert}."
        )
    return ModelLoadError(
        f"Model {model!r} is an IndicTrans2 checkpoint whose remote modelling code supports "
        f"transformers {REMOTE_CODE_TRANSFORMERS}, but transformers {transformers.__version__} "
        f"is installed; {convert}."
    )


def _text_tools() -> tuple[Any, Any]:
    try:
        from indicnlp.normalize.indic_normalize import IndicNormalizerFactory
        from sacremoses import MosesDetokenizer
    except ImportError:
        raise ModelLoadError(
            "IndicTrans2 models need indic-nlp-library and sacremoses for their text "
            "conventions; install them with `pip install 'translate_summarize[indictrans]'`."
        ) from None
    return IndicNormalizerFactory().get_normalizer("hi"), MosesDetokenizer(lang="en")


class IndicTransTokenizer:
    """IndicTrans2's tokenizer for CTranslate2: token strings in, text out.

    Holds its own normaliser and detokeniser; nothing is shared between instances.
    """

    extra_tokens = 3  # two language tags and </s>
    reversible = False  # an indic-en checkpoint translates into English only

    def __init__(self, folder: Path) -> None:
        import sentencepiece

        missing = missing_tokenizer_files(folder)
        if missing:
            raise ModelLoadError(
                f"Cannot load IndicTrans2 model {str(folder)!r}: it lacks {', '.join(missing)}; "
                "convert the Hub checkpoint with `translate-summarize models convert`, which "
                "copies them."
            )
        source_model = str(folder / "model.SRC")
        self.source_model = sentencepiece.SentencePieceProcessor(model_file=source_model)
        self.source_vocab = json.loads((folder / "dict.SRC.json").read_text(encoding="utf-8"))
        self.target_vocab = json.loads((folder / "dict.TGT.json").read_text(encoding="utf-8"))
        self.normalizer, self.detokenizer = _text_tools()

    def require(self, code: str, model: str) -> None:
        """A language tag the model lacks is a :class:`ModelLoadError` naming it."""
        if code not in self.source_vocab:
            raise ModelLoadError(
                f"Model {model!r} has no language tag {code!r}; IndicTrans2 uses FLORES codes "
                "such as hin_Deva and eng_Latn."
            )

    def pieces(self, texts: Sequence[str]) -> list[list[str]]:
        """Source pieces of each text after IndicTrans2's normalisation."""
        prepared = [indicprocessor.preprocess(text, self.normalizer) for text in texts]
        return [self.source_model.encode(text, out_type=str) for text in prepared]

    def source(self, pieces: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        """``<src> <tgt> pieces… </s>``; pieces missing from the dictionary become ``<unk>``."""
        known = [p if p in self.source_vocab else "<unk>" for p in pieces]
        return [src_lang, tgt_lang, *known, "</s>"]

    def prefix(self, tgt_lang: str) -> list[str] | None:
        """No target prefix: the target language is the second source tag."""
        return None

    def decode(self, tokens: Sequence[str]) -> str:
        """English text of generated target pieces, as the reference decodes them: special
        tokens and tokens outside the dictionary (CTranslate2's ``madeupword`` fillers, which
        the reference reads as ``<unk>``) are skipped, then spaces are cleaned up and the
        Moses detokeniser runs."""
        kept = (t for t in tokens if t not in _SPECIALS and t in self.target_vocab)
        text = "".join(kept).replace("\u2581", " ").strip()
        return indicprocessor.postprocess(text, self.detokenizer)


# --- Conversion to CTranslate2 -------------------------------------------------------------
# The checkpoint's tensors are read directly (safetensors or a torch state dict) and placed in
# CTranslate2's own Transformer specification, so converting needs neither fairseq nor the
# checkpoint's remote code. Every tensor must be used exactly once: a checkpoint with tensors
# this mapping does not know is refused rather than converted into a silently different model.

_IGNORED_SUFFIXES = ("embed_positions.weights", "embed_positions._float_tensor", ".version")


def load_state_dict(folder: Path) -> dict[str, Any]:
    """The checkpoint's tensors as float32 numpy arrays, keyed by their transformers names."""
    import torch

    if (folder / "model.safetensors").is_file():
        from safetensors.torch import load_file

        tensors = load_file(str(folder / "model.safetensors"))
    elif (folder / "pytorch_model.bin").is_file():
        tensors = torch.load(folder / "pytorch_model.bin", map_location="cpu", weights_only=True)
    else:
        raise ModelLoadError(
            f"Cannot convert {str(folder)!r}: no model.safetensors or pytorch_model.bin in it."
        )
    return {
        name: tensor.float().numpy()
        for name, tensor in tensors.items()
        if not name.endswith(_IGNORED_SUFFIXES)
    }


def sinusoidal_positions(rows: int, dim: int, padding_idx: int) -> Any:
    """fairseq's sinusoidal table from position ``padding_idx + 1`` on (sin half, cos half),
    which is where IndicTrans2 numbers its first token."""
    import numpy as np

    half = dim // 2
    frequencies = np.exp(np.arange(half) * -(np.log(10000.0) / (half - 1)))
    angles = np.arange(padding_idx + 1, padding_idx + 1 + rows)[:, None] * frequencies[None, :]
    table = np.concatenate([np.sin(angles), np.cos(angles)], axis=1)
    if dim % 2:
        table = np.concatenate([table, np.zeros((rows, 1))], axis=1)
    return table.astype(np.float32)


class _State:
    """Tensors handed out once each, so that unused ones can be reported."""

    def __init__(self, tensors: dict[str, Any]) -> None:
        self.tensors = tensors

    def take(self, name: str) -> Any:
        if name not in self.tensors:
            raise ModelLoadError(f"The IndicTrans2 checkpoint has no tensor {name!r}.")
        return self.tensors.pop(name)

    def linear(self, spec: Any, prefix: str) -> None:
        spec.weight = self.take(f"{prefix}.weight")
        spec.bias = self.take(f"{prefix}.bias")

    def norm(self, spec: Any, prefix: str) -> None:
        spec.gamma = self.take(f"{prefix}.weight")
        spec.beta = self.take(f"{prefix}.bias")

    def attention(self, spec: Any, prefix: str, self_attention: bool) -> None:
        import numpy as np

        parts = {
            p: (self.take(f"{prefix}.{p}_proj.weight"), self.take(f"{prefix}.{p}_proj.bias"))
            for p in ("q", "k", "v")
        }
        groups = [("q", "k", "v")] if self_attention else [("q",), ("k", "v")]
        for linear, group in zip(spec.linear, groups):
            linear.weight = np.concatenate([parts[p][0] for p in group])
            linear.bias = np.concatenate([parts[p][1] for p in group])
        self.linear(spec.linear[-1], f"{prefix}.out_proj")


# The activations a transformers/fairseq config can name, as CTranslate2's public enum
# (ctranslate2.specs.Activation) spells them.
_ACTIVATIONS = {
    "relu": "RELU",
    "gelu": "GELU",
    "gelu_python": "GELU",
    "gelu_fast": "GELUTanh",
    "gelu_new": "GELUTanh",
    "gelu_pytorch_tanh": "GELUTanh",
    "quick_gelu": "GELUSigmoid",
    "silu": "SWISH",
    "swish": "SWISH",
}


def _check_supported(config: dict[str, Any]) -> None:
    problems = []
    if config.get("encoder_attention_heads") != config.get("decoder_attention_heads"):
        problems.append("different encoder and decoder head counts")
    if config.get("encoder_normalize_before") != config.get("decoder_normalize_before"):
        problems.append("pre-norm in one stack only")
    if config.get("activation_function", "relu") not in _ACTIVATIONS:
        problems.append(f"activation {config.get('activation_function')!r}")
    if problems:
        raise ModelLoadError(f"Cannot convert this IndicTrans2 variant: {'; '.join(problems)}.")


def build_ct2_spec(folder: Path, config: dict[str, Any]) -> Any:
    """A CTranslate2 ``TransformerSpec`` holding the IndicTrans2 checkpoint in ``folder``."""
    from ctranslate2.specs import Activation, TransformerSpec

    _check_supported(config)
    spec = TransformerSpec.from_config(
        (config["encoder_layers"], config["decoder_layers"]),
        config["encoder_attention_heads"],
        pre_norm=bool(config.get("encoder_normalize_before", False)),
        activation=Activation[_ACTIVATIONS[config.get("activation_function", "relu")]],
        layernorm_embedding=bool(config.get("layernorm_embedding", False)),
    )
    state = _State(load_state_dict(folder))
    for side in ("encoder", "decoder"):
        _set_stack(getattr(spec, side), state, side, config)
    # A checkpoint that shares decoder input and output embeddings stores no lm_head.
    tied = "lm_head.weight" not in state.tensors
    spec.decoder.projection.weight = (
        spec.decoder.embeddings.weight if tied else state.take("lm_head.weight")
    )
    if state.tensors:
        raise ModelLoadError(
            "The IndicTrans2 checkpoint has tensors this converter does not know: "
            f"{', '.join(sorted(state.tensors)[:5])}; refusing to convert it partially."
        )
    for side, name in (("source", "dict.SRC.json"), ("target", "dict.TGT.json")):
        rows = config[f"{'encoder' if side == 'source' else 'decoder'}_vocab_size"]
        getattr(spec, f"register_{side}_vocabulary")(_vocabulary(folder / name, rows))
    spec.config.decoder_start_token = "</s>"  # fairseq starts decoding from </s>
    return spec


def _set_stack(spec: Any, state: _State, side: str, config: dict[str, Any]) -> None:
    import math

    prefix = f"model.{side}"
    dim = config.get(f"{side}_embed_dim", config.get("d_model", 512))
    embeddings = spec.embeddings[0] if isinstance(spec.embeddings, list) else spec.embeddings
    embeddings.weight = state.take(f"{prefix}.embed_tokens.weight")
    spec.scale_embeddings = math.sqrt(dim) if config.get("scale_embedding", True) else 1.0
    # Longer than the trained limit so that the decoder never runs out of positions; sources
    # are kept within the limit by the Translator (max_input_tokens).
    padding_idx = config.get("pad_token_id", 1)
    spec.position_encodings.encodings = sinusoidal_positions(1024, dim, padding_idx)
    if config.get("layernorm_embedding"):
        state.norm(spec.layernorm_embedding, f"{prefix}.layernorm_embedding")
    if config.get(f"{side}_normalize_before"):
        state.norm(spec.layer_norm, f"{prefix}.layer_norm")
    for index, layer in enumerate(spec.layer):
        _set_layer(layer, state, f"{prefix}.layers.{index}", side == "decoder")


def _set_layer(spec: Any, state: _State, prefix: str, decoder: bool) -> None:
    state.attention(spec.self_attention, f"{prefix}.self_attn", self_attention=True)
    state.norm(spec.self_attention.layer_norm, f"{prefix}.self_attn_layer_norm")
    if decoder:
        state.attention(spec.attention, f"{prefix}.encoder_attn", self_attention=False)
        state.norm(spec.attention.layer_norm, f"{prefix}.encoder_attn_layer_norm")
    state.linear(spec.ffn.linear_0, f"{prefix}.fc1")
    state.linear(spec.ffn.linear_1, f"{prefix}.fc2")
    state.norm(spec.ffn.layer_norm, f"{prefix}.final_layer_norm")


def _vocabulary(path: Path, rows: int) -> list[str]:
    """Dictionary tokens in id order, padded with fairseq's ``madeupword`` fillers to ``rows``."""
    ids = json.loads(path.read_text(encoding="utf-8"))
    tokens = sorted(ids, key=ids.__getitem__)
    if [ids[t] for t in tokens] != list(range(len(tokens))) or len(tokens) > rows:
        raise ModelLoadError(f"{path} does not number its {len(tokens)} tokens 0…{rows - 1}.")
    return tokens + [f"madeupword{i:04d}" for i in range(rows - len(tokens))]
