from pathlib import Path

import pytest

from translate_summarize.config import TranslatorConfig, load_config
from translate_summarize.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def test_nightly_config_is_valid_and_paths_resolve_against_its_folder() -> None:
    config = load_config(ROOT / "configs" / "nightly.yaml")
    assert config.input.resolve() == (ROOT / "seeds").resolve()
    assert config.translator.model == "facebook/nllb-200-distilled-600M"
    assert config.summarizer.method == "extractive"


def test_nightly_config_spells_out_the_default_token_budget() -> None:
    # The bench times configs/nightly.yaml, and its memory figure is the default's: the file
    # must not drift from the library default (1,000: under 1.6 GB peak on NLLB-600M).
    config = load_config(ROOT / "configs" / "nightly.yaml")
    assert config.translator.max_batch_tokens == TranslatorConfig().max_batch_tokens == 1000


def test_overrides_win_and_none_means_not_given(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("translator:\n  beam_size: 2\nlimit: 5\n")
    config = load_config(path, {"translator.model": "m", "limit": None, "translator.beam_size": 3})
    assert (config.translator.model, config.translator.beam_size, config.limit) == ("m", 3, 5)


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("translator:\n  beem_size: 4\n", r"translator\.beem_size: unknown key"),
        ("translator:\n  beam_size: 0\n", r"translator\.beam_size: Input should be greater"),
        ("summarizer:\n  sentences: many\n", r"summarizer\.sentences"),
        ("limit: -1\n", r"limit"),
        ("- a\n- b\n", "must be a mapping"),
        ("translator: [\n", "not valid YAML"),
        ("translator:\n  device: tpu\n", r"translator\.device.*'cpu'"),
        ("translator:\n  patience: 0\n", r"translator\.patience: Input should be greater"),
        ("translator:\n  no_repeat_ngram_size: -1\n", r"translator\.no_repeat_ngram_size"),
        ("translator:\n  repetition_penalty: 0\n", r"translator\.repetition_penalty"),
        ("translator:\n  placeholders: [phone]\n", r"translator\.placeholders.*'url'"),
        ("translator:\n  placeholders: {marian: []}\n", r"translator\.placeholders.*'nllb'"),
    ],
)
def test_invalid_config_names_the_key(tmp_path: Path, yaml_text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml_text)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_yaml_cannot_build_python_objects(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("limit: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(path)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Cannot read config file"):
        load_config(tmp_path / "absent.yaml")


def test_ct2_config_is_valid_and_its_model_path_is_rebased_even_before_conversion() -> None:
    config = load_config(ROOT / "configs" / "nightly-ct2.yaml")
    assert config.translator.backend == "ctranslate2" and config.translator.use_vmap
    assert Path(config.translator.model).resolve() == (ROOT / "models" / "nllb-600m-ct2").resolve()


def test_hub_ids_are_not_rebased(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("translator:\n  model: facebook/nllb-200-distilled-600M\n")
    assert load_config(path).translator.model == "facebook/nllb-200-distilled-600M"


@pytest.mark.parametrize(
    ("yaml_text", "nllb", "indictrans2"),
    [
        ("{}", ("url", "email", "handle", "hashtag"), "indicprocessor"),
        ("translator:\n  placeholders: []\n", (), ()),
        ("translator:\n  placeholders: {nllb: [number]}\n", ("number",), "indicprocessor"),
        ("translator:\n  placeholders: indicprocessor\n", "indicprocessor", "indicprocessor"),
    ],
)
def test_placeholder_policy_per_family(tmp_path: Path, yaml_text: str, nllb, indictrans2) -> None:
    path = tmp_path / "run.yaml"
    path.write_text(yaml_text)
    translator = load_config(path).translator
    assert translator.placeholder_policy("nllb") == nllb
    assert translator.placeholder_policy("indictrans2") == indictrans2


def test_patience_is_refused_by_the_transformers_backend() -> None:
    """transformers' beam search has no patience; a set value must not be ignored silently."""
    from translate_summarize.config import TranslatorConfig
    from translate_summarize.translation.translator import Translator

    with pytest.raises(ConfigError, match="patience applies to the ctranslate2 backend"):
        Translator(TranslatorConfig(backend="transformers", patience=2.0))


def test_each_choice_matches_its_registry() -> None:
    """config.py names the choices as Literals without importing the stages; each must list
    exactly the names its registry holds."""
    from typing import get_args

    from translate_summarize import config
    from translate_summarize.summary.generators import GENERATORS
    from translate_summarize.summary.summarizer import SUMMARIZERS
    from translate_summarize.text import placeholders
    from translate_summarize.translation.tokenizers import TOKENIZERS
    from translate_summarize.translation.translator import BACKENDS

    pairs = [
        (config.TranslationBackend, BACKENDS),
        (config.SummaryMethod, SUMMARIZERS),
        (config.SummaryBackend, GENERATORS),
        (config.ModelFamily, TOKENIZERS),
        (config.ModelFamily, config.DEFAULT_PLACEHOLDERS),
        (config.PlaceholderKind, placeholders.KINDS),
    ]
    for choice, registry in pairs:
        assert set(get_args(choice)) == set(registry), choice


def test_config_error_keeps_every_problem_with_its_location(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("translator:\n  beam_size: 0\n  beem: 1\nengine: spark\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    problems = {p.key: p for p in caught.value.problems}
    assert set(problems) == {"translator.beam_size", "translator.beem", "engine"}
    assert problems["translator.beem"].message == "unknown key"
    assert problems["engine"].value == "spark" and "'local' or 'ray'" in problems["engine"].message
    assert caught.value.source == path
    # One sentence naming the file and each key, formatted once from the list.
    text = str(caught.value)
    assert text.startswith(f"Invalid config in {path}: ") and text.count("(got ") == 3


@pytest.mark.parametrize(
    ("size", "expected"),
    [("500MB", 500 * 10**6), ("1.5GB", 1_500_000_000), ("1GiB", 2**30), ("100 kb", 10**5)],
)
def test_sizes_parse_one_way(size: str, expected: int) -> None:
    from translate_summarize.config import parse_size

    assert parse_size(size) == expected


def test_a_bad_shard_size_fails_when_the_config_loads() -> None:
    with pytest.raises(ConfigError, match=r"export\.max_shard_size: .*1GiB"):
        load_config(None, {"export.max_shard_size": "lots"})
