"""Reasoning (OWL 2 RL) and validation (SHACL)."""
