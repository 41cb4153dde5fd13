"""Reading input: text files, JSONL, saved datasets (``read``) and HTML pages (``page``)
into :class:`~translate_summarize.record.Document` records."""
