"""Linked-data edition of 戴錫章《西夏紀》: parse, enrich, graph, reason, validate, publish."""

__version__ = "0.1.0"
