"""Tiny models of the real architectures, built from scratch for tests (no downloads possible).

Each builder writes a folder that loads through the same ``from_pretrained`` path users use.
"""

from __future__ import annotations

from pathlib import Path

from translate_summarize.translation.evaluate import DEFAULT_DATA

DATA = DEFAULT_DATA  # FLORES-200 devtest, shipped with the package
# The shape of every tiny model: the real architecture, shrunk to test speed.
TINY = {
    "d_model": 32,
    "encoder_layers": 2,
    "decoder_layers": 2,
    "encoder_attention_heads": 2,
    "decoder_attention_heads": 2,
    "encoder_ffn_dim": 64,
    "decoder_ffn_dim": 64,
}


def flores_lines(lang: str = "hin_Deva") -> list[str]:
    """FLORES-200 devtest sentences of one language."""
    return (DATA / f"{lang}.devtest").read_text(encoding="utf-8").splitlines()


def train_sentencepiece(prefix: Path, vocab_size: int = 2000) -> Path:
    """A BPE sentencepiece model trained on FLORES Hindi + English, with NLLB's special ids."""
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(flores_lines("hin_Deva") + flores_lines("eng_Latn")),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="bpe",
        character_coverage=1.0,
        bos_id=0,
        pad_id=1,
        eos_id=2,
        unk_id=3,
        minloglevel=2,
        num_threads=2,
    )
    return prefix.with_suffix(".model")


def build_tiny_nllb(folder: Path, seed: int = 0) -> Path:
    """An M2M100/NLLB model with 2 layers and d_model 32, saved with its NLLB tokenizer."""
    import shutil

    from transformers import NllbTokenizer
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    folder.mkdir(parents=True, exist_ok=True)
    spm_model = train_sentencepiece(folder / "spm")
    shutil.move(spm_model, folder / "sentencepiece.bpe.model")
    (folder / "spm.vocab").unlink(missing_ok=True)
    tokenizer = NllbTokenizer.from_pretrained(
        str(folder),
        src_lang="hin_Deva",
        tgt_lang="eng_Latn",
        extra_special_tokens=FAIRSEQ_LANGUAGE_CODES,
    )
    tokenizer.save_pretrained(str(folder))
    return save_random_m2m100(
        folder, tokenizer, seed, **TINY, max_position_embeddings=256, scale_embedding=True
    )


def save_random_m2m100(folder: Path, tokenizer, seed: int, **dims) -> Path:
    """An M2M100/NLLB model of shape ``dims`` with random weights, saved beside its tokenizer."""
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration

    torch.manual_seed(seed)
    config = M2M100Config(
        vocab_size=len(tokenizer),
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        **dims,
    )
    M2M100ForConditionalGeneration(config).save_pretrained(str(folder))
    return folder


# Values of the published facebook/nllb-200-distilled-600M config.json.
NLLB_600M = {
    "d_model": 1024,
    "encoder_layers": 12,
    "decoder_layers": 12,
    "encoder_attention_heads": 16,
    "decoder_attention_heads": 16,
    "encoder_ffn_dim": 4096,
    "decoder_ffn_dim": 4096,
    "max_position_embeddings": 1024,
    "activation_function": "relu",
    "scale_embedding": True,
    "dropout": 0.1,
}
NLLB_VOCAB_SIZE = 256_206


def nllb_tokenizer_of_size(folder: Path, total: int, latin_share: float, seed: int = 0):
    """An NLLB tokenizer with exactly ``total`` entries: FLORES-trained pieces plus filler pieces.

    The fillers have no BPE merges, so tokenizing text never produces them, but they occupy the
    output layer exactly as NLLB's 256k pieces do. ``latin_share`` of them are Latin-script, the
    rest in other scripts: that decides how large an English-only vocabulary map comes out.
    """
    import json
    import random
    import shutil

    from transformers import NllbTokenizer
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    folder.mkdir(parents=True, exist_ok=True)
    shutil.move(
        train_sentencepiece(folder / "spm", vocab_size=8000), folder / "sentencepiece.bpe.model"
    )
    base = NllbTokenizer.from_pretrained(str(folder), extra_special_tokens=FAIRSEQ_LANGUAGE_CODES)
    model = json.loads(base.backend_tokenizer.to_str())["model"]
    vocab: dict[str, int] = dict(model["vocab"])
    fillers = total - len(base)
    rng = random.Random(seed)
    scripts = [
        (0x0400, 0x04FF),
        (0x0600, 0x06FF),
        (0x4E00, 0x9FFF),
        (0x0E00, 0x0E7F),
        (0x10A0, 0x10FF),
    ]
    while fillers > 0:
        if rng.random() < latin_share:
            piece = "▁" + "".join(
                rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))
            )
        else:
            low, high = rng.choice(scripts)
            piece = "▁" + "".join(chr(rng.randint(low, high)) for _ in range(rng.randint(2, 5)))
        if piece not in vocab:
            vocab[piece] = len(vocab)
            fillers -= 1
    (folder / "sentencepiece.bpe.model").unlink()
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split(" ")) for m in model["merges"]]
    tokenizer = NllbTokenizer(
        vocab=vocab,
        merges=merges,
        extra_special_tokens=FAIRSEQ_LANGUAGE_CODES,
        src_lang="hin_Deva",
        tgt_lang="eng_Latn",
    )
    tokenizer.save_pretrained(str(folder))
    return tokenizer


def build_random_nllb_600m(folder: Path, latin_share: float = 0.4, seed: int = 0) -> Path:
    """The real NLLB-200-distilled-600M architecture (vocabulary 256,206) with random weights."""
    tokenizer = nllb_tokenizer_of_size(folder, NLLB_VOCAB_SIZE, latin_share, seed)
    return save_random_m2m100(folder, tokenizer, seed, **NLLB_600M)


def build_tiny_bart(folder: Path, seed: int = 0) -> Path:
    """A BART summarizer (2 layers, d_model 32), byte-level BPE trained on FLORES English."""
    import torch
    from tokenizers import ByteLevelBPETokenizer
    from transformers import BartConfig, BartForConditionalGeneration, BartTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    trainer = ByteLevelBPETokenizer()
    trainer.train_from_iterator(flores_lines("eng_Latn"), vocab_size=1000, special_tokens=specials)
    vocab = trainer.get_vocab()
    merges = [tuple(m.split(" ")) for m in _byte_level_merges(trainer)]
    tokenizer = BartTokenizer(vocab=vocab, merges=merges)
    tokenizer.save_pretrained(str(folder))
    torch.manual_seed(seed)
    config = BartConfig(
        vocab_size=len(tokenizer),
        **TINY,
        max_position_embeddings=128,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        forced_bos_token_id=tokenizer.bos_token_id,
    )
    BartForConditionalGeneration(config).save_pretrained(str(folder))
    return folder


def _byte_level_merges(trainer) -> list[str]:
    import json

    return [
        m if isinstance(m, str) else " ".join(m)
        for m in json.loads(trainer.to_str())["model"]["merges"]
    ]


# IndicTrans2: the checkpoint layout of the Hub's ai4bharat/indictrans2-indic-en-* repositories
# (config.json with model_type "IndicTrans", transformers tensor names, model.SRC/model.TGT and
# dict.SRC.json/dict.TGT.json). Its modelling code is remote code on the Hub; the stand-in files
# written here only record that they were imported, so a test can prove nothing ran them.
INDICTRANS_TAGS = ["asm_Beng", "ben_Beng", "eng_Latn", "guj_Gujr", "hin_Deva", "mar_Deva"]
REMOTE_CODE_MARKER = "remote-code-was-run"


def indictrans_config(src_vocab: int, tgt_vocab: int, **overrides) -> dict:
    """An IndicTransConfig (as config.json) of the tiny shape: 2 layers, d_model 32."""
    d_model = TINY["d_model"]
    config = {
        "model_type": "IndicTrans",
        "architectures": ["IndicTransForConditionalGeneration"],
        "auto_map": {
            "AutoConfig": "configuration_indictrans.IndicTransConfig",
            "AutoModelForSeq2SeqLM": "modeling_indictrans.IndicTransForConditionalGeneration",
        },
        "encoder_vocab_size": src_vocab,
        "decoder_vocab_size": tgt_vocab,
        "encoder_embed_dim": d_model,
        "decoder_embed_dim": d_model,
        "max_source_positions": 256,
        "max_target_positions": 256,
        "activation_function": "gelu",
        "encoder_normalize_before": True,
        "decoder_normalize_before": True,
        "layernorm_embedding": True,
        "scale_embedding": True,
        "share_decoder_input_output_embed": False,
        "pad_token_id": 1,
        "bos_token_id": 0,
        "eos_token_id": 2,
        "decoder_start_token_id": 2,
    }
    config.update({k: v for k, v in TINY.items() if k != "d_model"})
    config.update(overrides)
    return config


def random_indictrans_tensors(config: dict, seed: int = 0) -> dict:
    """Random weights under IndicTrans2's tensor names, shaped by ``config``."""
    import numpy as np

    rng = np.random.default_rng(seed)
    d, tensors = config["encoder_embed_dim"], {}

    def add(name: str, *shape: int, scale: float = 0.2, base: float = 0.0) -> None:
        tensors[name] = (base + scale * rng.standard_normal(shape)).astype(np.float32)

    def linear(name: str, rows: int, cols: int) -> None:
        add(f"{name}.weight", rows, cols)
        add(f"{name}.bias", rows, scale=0.02)

    def norm(name: str) -> None:
        add(f"{name}.weight", d, scale=0.05, base=1.0)
        add(f"{name}.bias", d, scale=0.05)

    for side, vocab in (("encoder", "encoder_vocab_size"), ("decoder", "decoder_vocab_size")):
        prefix, ffn = f"model.{side}", config[f"{side}_ffn_dim"]
        add(f"{prefix}.embed_tokens.weight", config[vocab], d, scale=0.5)
        norm(f"{prefix}.layernorm_embedding")
        norm(f"{prefix}.layer_norm")
        for index in range(config[f"{side}_layers"]):
            layer = f"{prefix}.layers.{index}"
            for attention in ["self_attn"] + (["encoder_attn"] if side == "decoder" else []):
                for projection in ("q", "k", "v", "out"):
                    linear(f"{layer}.{attention}.{projection}_proj", d, d)
                norm(f"{layer}.{attention}_layer_norm")
            linear(f"{layer}.fc1", ffn, d)
            linear(f"{layer}.fc2", d, ffn)
            norm(f"{layer}.final_layer_norm")
    add("lm_head.weight", config["decoder_vocab_size"], d, scale=0.5)
    return tensors


def fairseq_dictionary(spm_model: Path, extra: list[str]) -> dict[str, int]:
    """fairseq's numbering: <s> <pad> </s> <unk>, the sentencepiece pieces, then ``extra``."""
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(spm_model))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    tokens = ["<s>", "<pad>", "</s>", "<unk>"]
    tokens += [p for p in pieces if p not in tokens] + extra
    return {token: index for index, token in enumerate(tokens)}


def write_indictrans(folder: Path, config: dict, tensors: dict, dicts: dict) -> Path:
    """Save an IndicTrans2 checkpoint folder (config, safetensors, dictionaries, remote code)."""
    import json

    from safetensors.numpy import save_file

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps(config, indent=2))
    save_file(tensors, str(folder / "model.safetensors"))
    for name, mapping in dicts.items():
        (folder / name).write_text(json.dumps(mapping, ensure_ascii=False, indent=1))
    marker = folder / REMOTE_CODE_MARKER
    for module in ("configuration_indictrans.py", "modeling_indictrans.py"):
        (folder / module).write_text(f"open({str(marker)!r}, 'w').close()\n")
    return folder


def build_tiny_indictrans(folder: Path, seed: int = 0, **overrides) -> Path:
    """A tiny indic-en IndicTrans2 checkpoint: separate FLORES-trained Hindi and English
    sentencepiece models, fairseq dictionaries, random weights with layernorm_embedding."""
    import shutil

    import sentencepiece as spm

    folder.mkdir(parents=True, exist_ok=True)
    for side, lang in (("SRC", "hin_Deva"), ("TGT", "eng_Latn")):
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(flores_lines(lang)),
            model_prefix=str(folder / side),
            vocab_size=1000,
            character_coverage=1.0,
            minloglevel=2,
            num_threads=2,
        )
        shutil.move(folder / f"{side}.model", folder / f"model.{side}")
        (folder / f"{side}.vocab").unlink()
    dicts = {
        "dict.SRC.json": fairseq_dictionary(folder / "model.SRC", INDICTRANS_TAGS),
        "dict.TGT.json": fairseq_dictionary(folder / "model.TGT", []),
    }
    # fairseq pads vocabularies to a multiple of 8 with filler words.
    sizes = [-(-len(d) // 8) * 8 for d in dicts.values()]
    config = indictrans_config(*sizes, **overrides)
    return write_indictrans(folder, config, random_indictrans_tensors(config, seed), dicts)
