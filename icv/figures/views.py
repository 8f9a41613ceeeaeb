"""The figures page and its exports (filled in by the next slice)."""
