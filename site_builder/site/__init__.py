"""Markdown to a published site: the pages, the engine port and its MkDocs implementation,
publishing safely.
"""
