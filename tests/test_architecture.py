"""The package's shape: imports run one way (no cycles), and every module imports on its own.

The graph is read from the source by ``tests/import_graph.py`` (``python -m tests.import_graph``
prints it per layer), counting imports inside functions and under ``TYPE_CHECKING`` too.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from tests import import_graph


def test_no_import_cycles() -> None:
    assert import_graph.cycles(import_graph.graph()) == []


def test_imports_run_down_the_layers() -> None:
    """core (config, errors, record) ← text ← reading, translation ← summary ← output ← engine
    ← cli: no module imports from a layer above its own."""
    assert import_graph.upward(import_graph.graph()) == []
    config = import_graph.graph()["translate_summarize.config"]
    assert config <= {"translate_summarize.errors"}  # config is plain data


def test_the_cycle_check_sees_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a", "d"}}
    assert import_graph.cycles(edges) == [["a", "b", "c"], ["d"]]  # d imports itself


def _import_alone(module: str) -> tuple[str, str]:
    """Import ``module`` first thing in a fresh interpreter; the error output if that fails."""
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120
    )
    return module, (
        done.stderr.strip() or f"exit code {done.returncode}"
    ) if done.returncode else ""


def test_every_module_imports_alone_in_a_fresh_interpreter() -> None:
    # __main__ is the CLI's script, run (not imported) by python -m translate_summarize.
    modules = sorted(set(import_graph.modules()) - {"translate_summarize.__main__"})
    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = {m: error for m, error in pool.map(_import_alone, modules) if error}
    assert failures == {}
    assert len(modules) > 30  # the walk found the package


def test_importing_the_package_loads_no_stage() -> None:
    """``import translate_summarize`` is cheap: the public names load when first used."""
    code = (
        "import sys, translate_summarize as t; "
        "assert 'translate_summarize.engine.pipeline' not in sys.modules; "
        "assert t.run.__module__ == 'translate_summarize.engine.pipeline'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
