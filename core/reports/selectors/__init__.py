"""Reads of the reports app: statistics, and the scheduled reports."""
