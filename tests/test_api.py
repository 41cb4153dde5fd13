"""The public API: what ``translate_summarize`` exports; the README example on a tiny model."""

from pathlib import Path

import translate_summarize


def test_every_public_name_is_exported_and_documented() -> None:
    for name in translate_summarize.__all__:
        value = getattr(translate_summarize, name)
        assert name == "__version__" or value.__doc__, name
    expected = {"load_config", "run", "Translator", "clean", "split_sentences", "check"}
    assert expected <= set(translate_summarize.__all__)
    assert issubclass(translate_summarize.ConfigError, translate_summarize.TranslateSummarizeError)


def test_the_readme_example_runs(tiny_nllb: Path) -> None:
    """The README's *Python API* example, with the tiny NLLB instead of the 600M one."""
    from translate_summarize import Translator, TranslatorConfig, check, clean, split_sentences

    article = "ये भी पढ़ें: कुछ और\nराम ने 25 किताबें खरीदीं। वह खुश है।\n"
    sentences = split_sentences(clean(article).text)
    translator = Translator(TranslatorConfig(model=str(tiny_nllb)))
    results = translator.translate(sentences)
    assert sentences == ["राम ने 25 किताबें खरीदीं।", "वह खुश है।"]
    assert len(results) == 2 and all(isinstance(r.text, str) for r in results)
    flags = [check(hi, result.text) for hi, result in zip(sentences, results)]
    assert all(isinstance(f, list) for f in flags)
