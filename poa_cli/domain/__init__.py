"""Pure rules of the negotiation: no files, no git, no printing."""
