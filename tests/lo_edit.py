"""Edit a Word file in LibreOffice as a delegate would: Track Changes on, words replaced.

Run with the system Python that has LibreOffice's UNO bridge (python3-uno), not
poa's virtual environment:

    /usr/bin/python3 tests/lo_edit.py IN.docx OUT.docx PROFILE_DIR AUTHOR EDITS.json

EDITS.json is a list of ``[find, replacement]``: the first occurrence of *find*
(after the previous edit's place) is replaced by *replacement* ("" deletes it), with
changes recorded under *AUTHOR*'s name, and the file is saved as Word 2007-365.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def set_author(ctx: object, author: str) -> None:
    provider = ctx.ServiceManager.createInstanceWithContext(  # type: ignore[attr-defined]
        "com.sun.star.configuration.ConfigurationProvider", ctx
    )
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (prop("nodepath", "/org.openoffice.UserProfile/Data"),),
    )
    access.setPropertyValue("givenname", author)
    access.setPropertyValue("sn", "")
    access.commitChanges()


def main() -> int:
    src, out, profile, author, edits_file = sys.argv[1:6]
    edits = json.loads(Path(edits_file).read_text())
    pipe = f"poa{abs(hash(profile)) % 10**8}"
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        ctx = None
        for _ in range(120):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                time.sleep(0.25)
        if ctx is None:
            print("LibreOffice did not start", file=sys.stderr)
            return 2
        set_author(ctx, author)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(str(Path(src).resolve())), "_blank", 0, (prop("Hidden", True),)
        )
        doc.RecordChanges = True
        for find, replacement in edits:
            search = doc.createSearchDescriptor()
            search.SearchString = find
            search.SearchCaseSensitive = True
            found = doc.findFirst(search)
            if found is None:
                print(f"not found: {find!r}", file=sys.stderr)
                return 3
            found.setString(replacement)
        doc.storeToURL(
            uno.systemPathToFileUrl(str(Path(out).resolve())),
            (prop("FilterName", "MS Word 2007 XML"),),
        )
        doc.close(True)
        with contextlib.suppress(Exception):  # the bridge goes away as LibreOffice quits
            desktop.terminate()
        return 0
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    sys.exit(main())
