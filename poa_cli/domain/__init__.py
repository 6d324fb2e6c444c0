"""The negotiation and its rules, as pure functions on frozen dataclasses.

No files, no YAML, no git, no printing: the model, the amendment engine,
consolidation, word diffs, provenance, numbering and who may propose.
"""
