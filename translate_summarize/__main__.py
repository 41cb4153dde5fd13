"""``python -m translate_summarize`` runs the CLI."""

from translate_summarize.cli import main

main()
