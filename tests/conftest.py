"""Shared fixtures: the seed texts and their parses."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.text.parse import parse_source
from kg.text.source import read_source

from .build_fixture import built  # noqa: F401  (a shared session fixture)

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
