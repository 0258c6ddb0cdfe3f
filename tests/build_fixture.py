"""One build of the seeds per test session, shared by the build, query and store tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.publish.build import build


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("out")
    res = build(out, reason=True, validate=True, use_cache=False)
    return out, res
