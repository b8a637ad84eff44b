"""The one way books are written: entries rendered as text, then the safe all-or-nothing path."""
