"""The steps of the reprints pipeline: plain functions over plain data.

Each module is one step. The Prefect tasks are thin wrappers at the bottom of
the modules whose work is done per batch of documents.
"""
