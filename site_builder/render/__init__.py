"""Templates and a school's values to Markdown: the sandboxed Jinja environment and one escaper
per output format.
"""
