"""Output: briefs, the manifest and ``run.json``, the dataset export, the HTML report, and the
file writing and locking they share."""
