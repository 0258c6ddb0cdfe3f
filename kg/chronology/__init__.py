"""Era tables, the lunar calendar, year tracking, date expressions, time-spans."""
