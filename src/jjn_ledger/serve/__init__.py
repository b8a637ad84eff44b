"""The web server: Fava for auditors and the county overview beside it."""
