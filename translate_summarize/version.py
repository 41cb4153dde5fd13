"""The tool's version: written into briefs, ``run.json`` and every incremental key."""

__version__ = "0.1.0"
