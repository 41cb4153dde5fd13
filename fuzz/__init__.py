"""Fuzzing the text functions: invariants, input generators, and a long run by command.

``python -m fuzz --minutes 10`` runs the coverage-guided atheris target when atheris is
installed (``pip install -e '.[fuzz]'``), else the hypothesis generators for as long. The short
run in the test suite is ``tests/test_fuzz_invariants.py``.
"""
