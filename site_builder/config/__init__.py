"""Reading and checking what people write: YAML with positions, field types, the library, a
school's config.
"""
