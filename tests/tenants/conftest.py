"""Lifecycle tests act through the console: the operators made for the operations tests."""

from tests.core.operations.conftest import console, operator  # noqa: F401  (fixtures, registered here)
