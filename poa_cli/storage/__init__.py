"""Files on disk and git: reading, writing and caching a document's files."""
