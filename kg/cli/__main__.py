"""``python -m kg.cli``: the ``kg`` command without its console script."""

from kg.cli.main import main

main()
