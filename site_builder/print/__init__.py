"""Printable documents: policy Markdown turned into Typst, then into tagged PDF."""
