"""What each command does, as plain functions over the domain and the storage.

Named for who uses them: :mod:`.chair` (the Chair's direct edits),
:mod:`.amendments` (a delegation's drafters), :mod:`.consolidate` (the Chair's
decisions and revisions), :mod:`.history`, :mod:`.validate`, :mod:`.listing`,
:mod:`.renumber`, :mod:`.rollover` (``poa init --from-akn``),
:mod:`.akn_export` (``poa render --format akn``) and :mod:`.translations` (status,
XLIFF out and in).
"""
