"""The test suite; ``tests.helpers`` and ``tests.tiny_models`` are shared with bench/."""
