"""A real OpenID Connect provider for the single sign-on tests: django-oidc-provider in a tiny
Django project of its own, run by `serve.py` in its own process (its own SQLite database, its
own RSA signing key), standing for a province's shared sign-in service."""
