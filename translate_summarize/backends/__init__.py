"""Translation backends; each is chosen by name in ``translate.BACKENDS``."""
