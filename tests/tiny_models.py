"""Tiny models of the real architectures, built from scratch for tests (no downloads possible).

Each builder writes a folder that loads through the same ``from_pretrained`` path users use.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data" / "flores200-devtest"


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

    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer
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
    torch.manual_seed(seed)
    config = M2M100Config(
        vocab_size=len(tokenizer),
        d_model=32,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=256,
        scale_embedding=True,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
    )
    M2M100ForConditionalGeneration(config).save_pretrained(str(folder))
    return folder
