"""From bytes to structure: source text, parentheses, markers, numerals, the parse."""
