"""SPARQL over the published dump."""
