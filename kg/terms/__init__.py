"""IRIs, namespaces and RDF terms: how every resource is named and written."""
