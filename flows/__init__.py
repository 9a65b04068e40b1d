"""Prefect flows of the reprints pipeline."""
