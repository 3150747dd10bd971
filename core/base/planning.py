"""How statements over a whole province are planned (the daily run, the compliance dashboard)."""

from django.db import connection


def jit_off_in_transaction() -> None:
    """Plan the rest of the current transaction's statements without JIT compilation (as if SET
    LOCAL): the daily run's reads over a whole province cost past jit_above_cost, and compiling
    their expressions took longer than running them (the month's measure of every dossier: 2.2 s
    of compiling for a 0.2 s statement at 60,000 people, tests/perf/bench_fleet_duties.py). Called
    inside an atomic block; the setting ends with the transaction, committed or rolled back."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('jit', 'off', true)")
