"""Prefect flows, fetching, configuration and the `nkwatch` command line."""
