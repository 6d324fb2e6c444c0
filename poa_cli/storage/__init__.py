"""Everything that touches the disk or git: YAML, the file format, documents,
transactions, revisions and the caches.
"""
