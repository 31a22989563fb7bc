"""``radontv fit DATA.csv``: the sparsest TV²-optimal linear spline through or near the data, with its certificate."""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import FitNotCertified, InvalidInput
from ..fit import CERTIFIED_RTOL
from ..report_envelope import envelope
from ._files import read_text, save_figure
from ._table import render

_DESCRIPTION = """\
Fit data with a shallow ReLU network's function space.

For one input column (x, y): with --lam L, a minimizer with the fewest knots of
    1/2 sum_n (f(x_n) - y_n)^2 + L * TV2(f),   TV2(f) = integral |f''|
(radontv.regression.tv2_regression; repeated x are averaged with weights), printed with its optimality
certificate (primal and dual values, duality gap, lambda_max). Without --lam: the interpolant of minimal TV2
with the fewest knots (radontv.splines.sparsest_interpolant; repeated x must carry equal y).
For d >= 2 input columns (x1, ..., xd, y): a certified global minimizer of the same problems with R-TV2 (the
second-order Radon-domain total variation) in place of TV2 (radontv.fit.rtv2_fit): with --lam L > 0
    1/2 sum_n (f(x_n) - y_n)^2 + L * R-TV2(f),
without --lam the interpolant of minimal R-TV2. It is printed as a ReLU network with at most N - (d+1) neurons,
    f(x) = sum_k a_k relu(u_k . x - t_k) + c . x + c0,   |u_k| = 1,
one line per neuron (amplitude a_k, unit normal u_k, offset t_k), with its certificate (optimal value, dual lower
bound, gap); when no certified optimum is reached it prints why on stderr and exits with code 1. Needs the
optional conic solver: pip install 'radontv[solvers]'. The exact method (column generation over activation
patterns) takes about 30 s for N = 200 points in d = 2 and is limited to radontv.fit.MAX_ARRANGEMENT patterns
(about N <= 630 for d = 2, N <= 107 for d = 3).

DATA.csv: UTF-8 text, comma-separated numbers with a decimal point, one point per row, the last column is y; a
header row is optional (detected when a cell of the first row is not a number). Lines starting with '#' are
ignored. Semicolon- or tab-separated files (e.g. spreadsheet exports with decimal commas) are refused with a hint:
convert them to commas and decimal points first.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fit",
        help="fit data: sparsest TV2 regression (--lam) or interpolation, with an optimality certificate",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("data", metavar="DATA.csv", help="CSV file with columns x,y (or x1,...,xd,y)")
    parser.add_argument("--lam", type=float, default=None, metavar="L",
                        help="regression with weight L on the regularizer: L >= 0 on TV2 for one x column (L = 0 is "
                             "the limit L -> 0+, an interpolant, with its certificate), L > 0 on R-TV2 for d >= 2 x "
                             "columns; omit --lam to interpolate the data exactly with minimal TV2 (R-TV2)")
    parser.add_argument("--plot", metavar="OUT.png", default=None,
                        help="draw the data, the fitted spline and its knots (d = 1; needs matplotlib: "
                             "pip install 'radontv[plot]')")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.set_defaults(func=run)


def _number(cell: str) -> float | None:
    try:
        value = float(cell)
    except ValueError:
        return None
    return value


def _separator_hint(path: str | Path, text: str) -> None:
    """Refuse a file separated by semicolons or tabs with a hint (the separator is a comma).

    Not accepted silently: such files usually come from spreadsheets with decimal commas ("0,5;1,2"), and guessing
    the separator and the decimal mark from the data could read numbers wrongly without a word.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for sep, name, fix in ((";", "semicolons", "the decimal commas by points and the semicolons by commas"),
                               ("\t", "tabs", "the tabs by commas")):
            if sep in line:
                raise InvalidInput(f"{path}, line {number}: columns separated by {name} ({line.strip()!r}); the "
                                   f"separator is a comma (with a decimal point): replace {fix}, e.g. '0.5,1.2'")


def read_csv(path: str | Path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Read ``x1, ..., xd, y`` rows (header optional); returns ``X`` of shape (n, d), ``y`` and the column names.

    The file is UTF-8 (:func:`radontv.commands._files.read_text`); every problem with it raises
    :class:`~radontv.InvalidInput` naming the file and the line.
    """
    text = read_text(path, what="DATA.csv")
    rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""))
            if row and any(c.strip() for c in row) and not row[0].lstrip().startswith("#")]
    _separator_hint(path, text)
    if not rows:
        raise InvalidInput(f"{path}: the file has no data rows; put one point per line, e.g. '0.5,1.2'")
    header: list[str] | None = None
    if any(_number(c) is None for c in rows[0]):
        header, rows = rows[0], rows[1:]
    width = len(header) if header else len(rows[0]) if rows else 0
    if width < 2:
        raise InvalidInput(f"{path}: need at least two columns (x and y); found {width}")
    values = []
    for i, row in enumerate(rows, start=2 if header else 1):
        if len(row) != width:
            raise InvalidInput(f"{path}, line {i}: {len(row)} columns where the file has {width}; every row needs "
                               "the same columns")
        nums = [_number(c) for c in row]
        bad = [c for c, v in zip(row, nums, strict=True) if v is None or not math.isfinite(v)]
        if bad:
            raise InvalidInput(f"{path}, line {i}: {bad[0]!r} is not a finite number; fix or drop that row")
        values.append(nums)
    if len(values) < 2:
        raise InvalidInput(f"{path}: need at least 2 data rows, found {len(values)}")
    arr = np.array(values, dtype=np.float64)
    names = header or [*(["x"] if width == 2 else [f"x{j + 1}" for j in range(width - 1)]), "y"]
    return arr[:, :-1], arr[:, -1], names


def _fmt(v: Any) -> str:
    return f"{float(v):.10g}"


def affine_text(intercept: float, slope: float) -> str:
    """``c0 + c x`` with the sign of the slope folded in: ``0.0171 - 0.9878 x``, never ``0.0171 + -0.9878 x``."""
    sign = "-" if slope < 0 else "+"
    return f"{_fmt(intercept)} {sign} {_fmt(abs(slope))} x"


def _settings(args: argparse.Namespace, names: list[str]) -> dict[str, Any]:
    """What determines the fit: the ``settings`` of ``--json`` (the data file by path and content hash; no hash for
    a file that cannot be read twice, such as a pipe from ``<(...)``)."""
    path = Path(args.data)
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    return {"data": str(args.data), "data_sha256": digest, "columns": list(names), "d": len(names) - 1,
            "lam": args.lam, "plot": args.plot}


def run(args: argparse.Namespace) -> int:
    X, y, names = read_csv(args.data)
    if X.shape[1] > 1:
        return _run_multivariate(args, X, y, names)
    if args.lam is not None and (not math.isfinite(args.lam) or args.lam < 0):
        raise InvalidInput(f"--lam {args.lam:g} must be a finite number >= 0; omit --lam to interpolate")
    x = X[:, 0]
    if args.lam is None:
        from ..splines import min_tv2, sparsest_interpolant

        spline = sparsest_interpolant(x, y)
        out: dict[str, Any] = {
            "problem": "interpolation: minimal TV2 over all f with f(x_n) = y_n, fewest knots",
            "n_points": int(x.size), "tv2": float(spline.tv2()), "min_tv2": float(min_tv2(x, y)),
            "knots": [float(t) for t in spline.knots], "amplitudes": [float(a) for a in spline.amplitudes],
            "slope": float(spline.slope), "intercept": float(spline.intercept),
        }
        certificate = None
        status = 0  # the interpolant is exact by construction (radontv.splines)
    else:
        from ..regression import tv2_regression

        spline, certificate = tv2_regression(x, y, args.lam)
        status = 0 if abs(certificate.relative_gap) <= CERTIFIED_RTOL else 1  # an uncertified optimum fails
        out = {
            "problem": "regression: minimize 1/2 sum (f(x_n) - y_n)^2 + lam * TV2(f), fewest knots",
            "lam": args.lam, "n_points": int(x.size), "tv2": float(spline.tv2()),
            "knots": [float(t) for t in spline.knots], "amplitudes": [float(a) for a in spline.amplitudes],
            "slope": float(spline.slope), "intercept": float(spline.intercept),
            "certificate": certificate.as_dict(),
        }
    if args.plot:
        _plot(args.plot, x, y, spline, names, args.lam)
        out["plot"] = str(args.plot)
    if args.json:
        print(json.dumps(envelope("fit", _settings(args, names), out), indent=2))
        return status
    print(out["problem"])
    print(f"points: {out['n_points']}   knots: {len(out['knots'])}   TV2: {_fmt(out['tv2'])}"
          + (f"   lambda: {_fmt(args.lam)}" if args.lam is not None else ""))
    print(f"f(x) = {affine_text(out['intercept'], out['slope'])} + sum_k a_k (x - tau_k)_+")
    if out["knots"]:
        print()
        print(render(["k", "knot tau_k", "amplitude a_k"],
                     [[str(i + 1), _fmt(t), _fmt(a)] for i, (t, a) in enumerate(zip(out["knots"], out["amplitudes"],
                                                                                     strict=True))]))
    if certificate is not None:
        c = certificate
        print()
        print(render(["certificate", "value"], [
            ["primal P(f)", _fmt(c.primal)], ["dual D(r)", _fmt(c.dual)], ["gap P - D", f"{c.gap:.3e}"],
            ["relative gap", f"{c.relative_gap:.3e}"], ["lambda_max", _fmt(c.lam_max)],
            ["dual infeasibility", f"{c.dual_infeasibility:.1e}"], ["method", c.method],
        ]))
    if args.plot:
        print(f"\nplot written to {args.plot}")
    if status:
        print(f"\nNOT certified: the relative gap exceeds {CERTIFIED_RTOL:g}")
    return status


#: A Python call named in a library error message, e.g. ``radontv.train.fit_network(X, y, width, lam)``.
_PYTHON_CALL = re.compile(r"\bradontv(?:\.\w+)+(?=\()")


def _cli_message(message: str) -> str:
    """A library error message in command-line terms: ``lam`` is ``--lam``; a Python call is marked as Python API."""
    text = re.sub(r"(?<![\w-])lam(?=\s*[<>=])", "--lam", message)
    calls = list(dict.fromkeys(_PYTHON_CALL.findall(text)))
    if calls:
        text += (f" ({', '.join(calls)} {'is' if len(calls) == 1 else 'are'} Python API, not a radontv command: "
                 "call it from Python)")
    return text


def _run_multivariate(args: argparse.Namespace, X: np.ndarray, y: np.ndarray, names: list[str]) -> int:
    n, d = X.shape
    if args.lam is not None and not (math.isfinite(args.lam) and args.lam > 0):
        raise InvalidInput(f"--lam must be a positive finite number for data with d >= 2 inputs (got --lam "
                           f"{args.lam:g}; here d = {d}); omit --lam to interpolate")
    if args.plot:
        raise InvalidInput("--plot draws univariate fits only (one x column); drop --plot for d > 1")
    from ..fit import rtv2_fit

    try:
        result = rtv2_fit(X, y, lam=args.lam)
    except InvalidInput as exc:
        raise InvalidInput(_cli_message(str(exc))) from None
    except FitNotCertified as exc:  # no certified optimum: a failed claim, exit 1 (bad input is exit 2)
        print(f"radontv: NOT certified: {exc}", file=sys.stderr)
        return 1
    status = 0 if result.certified else 1  # rtv2_fit returns certified fits only; kept as a second guard
    if args.json:
        print(json.dumps(envelope("fit", _settings(args, names), result.as_dict()), indent=2, default=str))
        return status
    print(f"points: {n}   inputs: d = {d}, x = ({', '.join(names[:-1])})   target: {names[-1]}"
          + (f"   lambda: {_fmt(args.lam)}" if args.lam is not None else ""))
    print("f(x) = sum_k a_k relu(u_k . x - t_k) + c . x + c0   (a_k amplitude, u_k unit normal, t_k offset)")
    print()
    print(result)
    return status


def _plot(path: str, x: np.ndarray, y: np.ndarray, spline: Any, names: list[str], lam: float | None) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InvalidInput("--plot needs matplotlib; install the plot extra: pip install 'radontv[plot]'") from None
    lo, hi = float(np.min(x)), float(np.max(x))
    pad = 0.05 * (hi - lo or 1.0)
    grid = np.unique(np.concatenate([np.linspace(lo - pad, hi + pad, 400), np.asarray(spline.knots, dtype=float)]))
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(x, y, "o", color="0.4", ms=4, label="data")
    ax.plot(grid, np.asarray(spline.as_float()(grid), dtype=float), "-", color="C0", lw=1.8, label="fit")
    knots = np.asarray(spline.knots, dtype=float)
    if knots.size:
        ax.plot(knots, np.asarray(spline.as_float()(knots), dtype=float), "D", color="C3", ms=6,
                label=f"knots ({knots.size})")
    what = "sparsest min-TV² interpolant" if lam is None else f"TV² regression, λ = {lam:g}"
    ax.set_title(f"{what}: TV² = {float(spline.tv2()):.4g}")
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[-1])
    ax.legend()
    fig.tight_layout()
    try:
        save_figure(fig, path, option="--plot", dpi=120)
    finally:
        plt.close(fig)
