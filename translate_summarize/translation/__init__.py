"""Translation: the :class:`~translate_summarize.translation.translator.Translator`, its batching,
its backends and tokenizers, loading and converting checkpoints, and the translation memory."""
