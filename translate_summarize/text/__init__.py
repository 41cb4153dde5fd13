"""Text stages: pure functions over strings, no models.

``script`` (the Devanagari tables) → ``clean`` → ``segment``; ``placeholders`` and
``indicprocessor`` prepare sentences for a model, ``chunking`` cuts what is too long for one,
``quality`` flags a finished translation.
"""
