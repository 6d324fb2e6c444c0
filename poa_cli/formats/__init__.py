"""Outside formats in and out: Akoma Ntoso, Word, XLIFF.

Each module is the only user of its library; untrusted XML is parsed by ``safexml``.
"""
