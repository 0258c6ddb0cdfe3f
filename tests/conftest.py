"""Shared fixtures: the seed texts and their parses."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Hermetic: builds (in this process and in the `kg` subprocesses, which inherit the
# variable) cache their chunks in a temporary folder of this process, not in the
# repository's .cache/. Set before kg is imported, since kg.publish.build reads it then.
os.environ["KG_CACHE_DIR"] = tempfile.mkdtemp(prefix="kg-test-cache-")
atexit.register(shutil.rmtree, os.environ["KG_CACHE_DIR"], True)

import pytest  # noqa: E402

from kg.text.parse import parse_source  # noqa: E402
from kg.text.source import read_source  # noqa: E402

from .build_fixture import built  # noqa: E402, F401  (a shared session fixture)

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "seeds" / "texts"
FIX = Path(__file__).resolve().parent / "fixtures"

SEED_FILES = {
    "1082": TEXTS / "xxj-1082-1083-daian-8-9.txt",
    "1061": TEXTS / "xxj-1061-1067-duodu-5-gonghua-5.txt",
    "1043": TEXTS / "xxj-1043-1044-tianshou-6-7.txt",
}


@pytest.fixture(scope="session")
def chronicles():
    return {k: parse_source(read_source(p)) for k, p in SEED_FILES.items()}


@pytest.fixture(autouse=True)
def _no_coverage_in_slow_tests(request):
    """The slow exactness tests run owlrl and pyshacl over the whole seed graph: tracing
    that library code would double their time under `make test` and add no coverage of
    kg (their fixtures, which build the seeds, are still measured)."""
    cov = None
    if request.node.get_closest_marker("slow"):
        try:
            import coverage
        except ImportError:
            coverage = None
        cov = coverage.Coverage.current() if coverage else None
        if cov is not None:
            cov.stop()
    yield
    if cov is not None:
        cov.start()
