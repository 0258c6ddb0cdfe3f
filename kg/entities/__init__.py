"""Authority data, name mentions, events and roles, labels, external links."""
