"""The only package that speaks SQL: schema, migrations and queries for DuckDB."""
