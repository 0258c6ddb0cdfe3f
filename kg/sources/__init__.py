"""Works, citations and readings: what the chronicle cites and where sources differ."""
