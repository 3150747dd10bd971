"""National catalogues, once in the public schema for every province (see the core issue)."""
