"""What operators see of running processes: request ids, JSON logs, Prometheus metrics.

Nothing here reads or writes personal data: logs carry the path without its query string,
metrics carry the province's schema name and nothing finer.
"""
