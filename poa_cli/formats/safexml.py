"""The one way poa parses XML that comes from outside (Akoma Ntoso, Word parts, XLIFF).

Such a file is untrusted: it may try an entity expansion bomb ("billion laughs"), an
external entity pointing at a local file or a URL, an external DTD, or simply be huge.
The parser here loads no DTD, expands no entity, touches no network and refuses a
document larger than the caller's limit *before* parsing it.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from poa_cli.errors import PoaError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class UntrustedXmlError(PoaError):
    """An outside XML file poa refuses to read: too large, not XML, or with a DTD or entities."""


class _NoResolver(etree.Resolver):  # type: ignore[misc]
    """Answers every request for an outside file or URL with nothing: libxml2 asks for
    an external DTD subset even with ``load_dtd=False`` (and would open the file)."""

    def resolve(self, url: str, pubid: str, context: object) -> object:
        return self.resolve_string("", context)


# A DOCTYPE can only stand before the root element; these are its spellings in the
# encodings an XML file may declare without a byte-order mark.
_DOCTYPE = tuple("<!DOCTYPE".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_PROLOG_BYTES = 64 * 1024


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        remove_pis=True,
        collect_ids=False,
    )
    parser.resolvers.add(_NoResolver())
    return parser


def parse_bytes(
    data: bytes, *, path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES
) -> etree._Element:
    """Return the root element of *data*, an outside XML document read from *path*.

    Raises :class:`UntrustedXmlError` (naming *path* and, where known, the line) when the
    document is larger than *max_bytes*, is not well-formed XML, or declares a DTD
    (internal or external: a DTD is where entities are declared, and no format poa
    reads needs one).
    """
    if len(data) > max_bytes:
        raise UntrustedXmlError(
            f"file is {len(data):,} bytes, over the limit of {max_bytes:,}", path=path
        )
    if not data.strip():
        raise UntrustedXmlError("file is empty", path=path)
    prolog = data[:_PROLOG_BYTES]
    if any(mark in prolog for mark in _DOCTYPE):
        # Refused before libxml2 sees it: no DTD, internal or external, is ever read.
        raise UntrustedXmlError(
            "declares a DTD (<!DOCTYPE ...>); poa reads no DTD and expands no entity", path=path
        )
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if getattr(exc, "lineno", None) else None
        raise UntrustedXmlError(f"not well-formed XML: {exc.msg}", path=path, line=line) from None
    except ValueError as exc:  # e.g. a str with an encoding declaration
        raise UntrustedXmlError(f"not XML: {exc}", path=path) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UntrustedXmlError(
            "declares a DTD (<!DOCTYPE ...>); poa reads no DTD and expands no entity", path=path
        )
    return root


def parse_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> etree._Element:
    """Return the root element of the XML file at *path*, read as :func:`parse_bytes` does.

    The size is checked on the file before any byte is read into memory.
    Raises :class:`UntrustedXmlError` as :func:`parse_bytes`, or when the file cannot be read.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UntrustedXmlError(
                f"file is {size:,} bytes, over the limit of {max_bytes:,}", path=path
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UntrustedXmlError(f"cannot read the file: {exc.strerror}", path=path) from None
    return parse_bytes(data, path=path, max_bytes=max_bytes)
