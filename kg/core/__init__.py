"""Findings, checked table loading and the manifest: what every stage uses."""
