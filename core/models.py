"""The shared personnel model, created in every province's schema (see the core issue)."""
