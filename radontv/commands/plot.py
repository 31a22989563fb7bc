"""``radontv plot sinogram``: draw a 2-D ReLU network next to its Radon-domain atoms.

The network comes from a JSON file ``{"W": [[..], ..], "b": [..], "v": [..], "c": [..], "c0": ..}`` (``c`` and
``c0`` optional) or is drawn at random (``--random --seed S --width K``).  The picture goes to ``--out FILE.png``.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

from ..errors import InvalidInput
from ._files import read_text, save_figure

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``plot`` (with the sub-subcommand ``sinogram``) to the ``radontv`` subparsers."""
    parser = subparsers.add_parser(
        "plot", help="draw pictures (needs matplotlib: pip install 'radontv[plot]')",
        description="Draw pictures of the objects radontv checks.")
    kinds = parser.add_subparsers(title="pictures", metavar="PICTURE", dest="picture")
    sino = kinds.add_parser(
        "sinogram", help="a 2-D ReLU network as a heat map next to its Radon-domain atoms",
        description="Draw a 2-D ReLU network f(x) = Σ v σ(w·x − b) + c·x + c0 as a heat map, next to its sinogram: "
        "one dot per hyperplane at (θ, t) = (angle of w, b/‖w‖) wrapped to θ ∈ [0, π) with the sign of t flipped, "
        "area ∝ |v|‖w‖ (PN21 Figs. 2–3).")
    source = sino.add_mutually_exclusive_group(required=True)
    source.add_argument("network", nargs="?", type=Path,
                        help='JSON file {"W": [[w11, w12], ...], "b": [...], "v": [...], "c": [c1, c2], "c0": c0}')
    source.add_argument("--random", action="store_true", help="draw a random network instead of reading one")
    sino.add_argument("--seed", type=int, default=0, help="seed of the random network (default 0)")
    sino.add_argument("--width", type=int, default=7, help="neurons of the random network (default 7)")
    sino.add_argument("--out", type=Path, required=True, help="output image file, e.g. sinogram.png")
    sino.add_argument("--extent", type=float, default=None, help="half-width of the square drawn (default: automatic)")
    sino.add_argument("--resolution", type=int, default=200, help="pixels per side of the heat map (default 200)")
    sino.set_defaults(func=run)
    parser.set_defaults(func=lambda args: _no_picture(parser))
    return parser


def _no_picture(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _network_from_json(path: Path) -> Any:
    from ..network import ReLUNetwork

    try:
        data = json.loads(read_text(path, what="the network file"))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path} is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or not {"W", "b", "v"} <= set(data):
        raise InvalidInput(f'{path} must hold an object with keys "W", "b", "v" (and optionally "c", "c0")')
    return ReLUNetwork(data["W"], data["b"], data["v"], data.get("c"), data.get("c0", 0))


def _random_network(seed: int, width: int) -> Any:
    from ..network import ReLUNetwork

    if width < 1:
        raise InvalidInput(f"--width must be at least 1, got {width}")
    rng = random.Random(seed)
    W = [[rng.gauss(0, 1), rng.gauss(0, 1)] for _ in range(width)]
    b = [rng.uniform(-1.5, 1.5) for _ in range(width)]
    v = [rng.gauss(0, 1) for _ in range(width)]
    return ReLUNetwork(W, b, v)


def run(args: argparse.Namespace) -> int:
    """Draw the picture; returns 0, or raises :class:`~radontv.InvalidInput` on bad input (the CLI prints it)."""
    from ..radon import radon_atoms
    from ..radon_plot import sinogram_figure

    net = _random_network(args.seed, args.width) if args.random else _network_from_json(args.network)
    fig = sinogram_figure(net, extent=args.extent, resolution=args.resolution)
    out = Path(args.out)
    save_figure(fig, out, option="--out", dpi=110)
    print(f"wrote {out} ({net.width} neurons, {len(radon_atoms(net))} atoms in the Radon domain)")
    return 0
