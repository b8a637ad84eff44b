"""Many societies at once: per-society summaries, their cache, and the county roll-up."""
