"""``python -m jjn_ledger.sample TARGET``."""

from jjn_ledger.sample.files import main

main()
