"""The curated tables of seeds/ that name things: eras, office titles, surnames, stop characters."""
