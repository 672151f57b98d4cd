"""The local authority's side: the template site, batch builds, the review dashboard, template
versions.
"""
