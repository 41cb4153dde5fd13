"""Tiny models of the real architectures, built from scratch for tests (no downloads possible).

Each builder writes a folder that loads through the same ``from_pretrained`` path users use.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data" / "flores200-devtest"
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
