"""``python -m jjn_ledger`` runs the ``jjn`` command line."""

from jjn_ledger.cli import main

main()
