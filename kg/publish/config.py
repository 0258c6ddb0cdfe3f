"""Where the edition is published: ``publish/config.toml``, one place for host and endpoint.

The IRIs stay ``https://w3id.org/xixiaji/…`` whatever the host: w3id.org
redirects them (``publish/w3id/.htaccess``) to the host that runs ``kg serve`` or
serves ``kg site``.  The host is a placeholder until the edition has one; the
SPARQL endpoint defaults to the w3id base + ``sparql`` so that VoID names a
permanent address.  The file is part of the repository, so builds stay
reproducible.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.terms.namespaces import BASE

CONFIG = Path(__file__).resolve().parents[2] / "publish" / "config.toml"
DEFAULT_HOST = "https://xixiaji.example.org/"


@dataclass(frozen=True)
class PublishConfig:
    host: str
    sparql_endpoint: str


def load_config(path: Path = CONFIG) -> PublishConfig:
    """The publishing settings; defaults when the file is absent."""
    data: dict = {}
    if path.is_file():
        with path.open("rb") as fh:
            data = tomllib.load(fh).get("publish", {})
    return PublishConfig(host=str(data.get("host", DEFAULT_HOST)),
                         sparql_endpoint=str(data.get("sparql_endpoint", BASE + "sparql")))


__all__ = ["PublishConfig", "load_config", "CONFIG"]
