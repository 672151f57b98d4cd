"""Build searchable, printable school policy sites from a local authority's templates."""

__version__ = "0.1.0"
