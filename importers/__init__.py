"""beangulp importers of jjn-ledger (``jjn_ledger.importers.*``)."""
