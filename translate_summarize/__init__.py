"""translate_summarize: Hindi news articles to parallel Hindi/English bilingual briefs.

Stages, one module each: ``read`` → ``clean`` → ``segment`` → ``translate`` → ``summarize`` →
``brief``; ``pipeline`` runs them over a corpus, ``export`` turns a run into a dataset.
"""

__version__ = "0.1.0"
