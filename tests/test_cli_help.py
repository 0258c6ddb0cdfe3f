"""Every command answers ``--help`` with its usage and an example, exit status 0."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli.main import main

COMMANDS = sorted(main.commands)


def test_the_group_lists_the_commands():
    assert {"parse", "build", "validate", "query", "serve", "site"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_help_of_every_command(name: str):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: main {name}") or result.output.startswith(f"Usage: kg {name}")
    assert "Example" in result.output
    assert "error" not in result.output.splitlines()[-1]
