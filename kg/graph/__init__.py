"""IRIs, namespaces, triples and their canonical serialisations."""
