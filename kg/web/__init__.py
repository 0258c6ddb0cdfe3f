"""The edition on the Web: dereferenceable IRIs, pages, the SPARQL endpoint, the static site."""
