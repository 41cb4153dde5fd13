#!/usr/bin/env bash
# Create .venv and install the project with its test tools.
# torch is pinned and installed first: an unpinned torch pulls a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet torch==2.13.0
.venv/bin/python -m pip install --quiet -e ".[dev,html,ray,indictrans]"
