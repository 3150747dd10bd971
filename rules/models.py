"""Per-province rule versions (see the rules issue)."""
