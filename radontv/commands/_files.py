"""Reading the command line's input files, with one-line errors that say what is wrong and what to do.

Every file a subcommand reads (``radontv fit DATA.csv``, ``radontv plot sinogram NET.json``) goes through
:func:`read_text`: UTF-8 (a byte-order mark is accepted, as spreadsheet programs write it); a missing file, a
directory, an unreadable file or bytes that are not UTF-8 raise :class:`~radontv.InvalidInput` naming the file, so
the command prints ``radontv: error: ...`` and exits with code 2 instead of a traceback.  Pictures are written with
:func:`save_figure`, under the same rule for the output path.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InvalidInput

if TYPE_CHECKING:  # matplotlib is the optional extra "plot"
    from matplotlib.figure import Figure

__all__ = ["ENCODING", "read_text", "save_figure"]

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


def save_figure(fig: Figure, path: str | os.PathLike[str], *, option: str, dpi: int | None = None) -> None:
    """Write a matplotlib figure to ``path`` (the format from its suffix); a directory, a missing folder, an
    unwritable place or an unknown suffix raise :class:`~radontv.InvalidInput` naming ``option`` (e.g. ``--plot``)."""
    p = Path(path)
    shown = repr(str(path))
    if p.is_dir():
        raise InvalidInput(f"{option} {shown} is a directory; give a file name, e.g. {option} picture.png")
    if not p.parent.is_dir():
        raise InvalidInput(f"{option}: the folder of {shown} does not exist; create it or give another path")
    try:
        fig.savefig(p, dpi=dpi)
    except ValueError as exc:  # matplotlib: unknown format
        raise InvalidInput(f"{option} {shown}: {exc}; end the name with .png, .pdf or .svg") from None
    except OSError as exc:
        raise InvalidInput(f"{option} {shown} cannot be written ({exc.strerror or exc})") from None
