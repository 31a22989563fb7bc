"""Reading the command line's input files, with one-line errors that say what is wrong and what to do.

Every file a subcommand reads (``radontv fit DATA.csv``, ``radontv plot sinogram NET.json``) goes through
:func:`read_text`: UTF-8 (a byte-order mark is accepted, as spreadsheet programs write it); a missing file, a
directory, an unreadable file or bytes that are not UTF-8 raise :class:`~radontv.InvalidInput` naming the file, so
the command prints ``radontv: error: ...`` and exits with code 2 instead of a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InvalidInput

__all__ = ["ENCODING", "read_text"]

#: The encoding of every input file (``utf-8-sig`` reads UTF-8 with or without a byte-order mark).
ENCODING = "utf-8-sig"


def read_text(path: str | os.PathLike[str], *, what: str) -> str:
    """The text of the file at ``path``; ``what`` names it in errors (e.g. ``"DATA.csv"``, ``"the network file"``)."""
    p = Path(path)
    shown = repr(str(path))
    if p.is_dir():
        raise InvalidInput(f"{what} {shown} is a directory, not a file; pass the path of the file itself")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{what}: no such file {shown}; check the path") from None
    except PermissionError:
        raise InvalidInput(f"{what} {shown} cannot be read (permission denied)") from None
    except OSError as exc:
        raise InvalidInput(f"{what} {shown} cannot be read ({exc.strerror or exc})") from None
    try:
        return data.decode(ENCODING)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(
            f"{what} {shown} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); radontv reads input "
            "files as UTF-8: save it as UTF-8 (e.g. `iconv -f latin1 -t utf-8 FILE > FILE.utf8`)"
        ) from None
