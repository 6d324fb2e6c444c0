"""Pure rules of the negotiation: dataclasses and functions, no files, no git."""
