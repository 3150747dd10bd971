"""Backups of each province's schema: dumped, encrypted with the province's own key, checksummed,
stored, pruned after the province's retention, and proven by restore drills."""
