"""The sinogram picture renders (API and ``radontv plot sinogram``), and the slow anisotropic d = 3 backprojection."""

from __future__ import annotations

import argparse
import json
from fractions import Fraction

import mpmath
import pytest

from radontv import InvalidInput, ReLUNetwork
from radontv import radon as R
from radontv.commands import plot as plot_command


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="radontv")
    plot_command.add_parser(parser.add_subparsers())
    return parser


def test_sinogram_figure_renders(tmp_path):
    pytest.importorskip("matplotlib")
    from radontv.radon_plot import sinogram_figure

    net = ReLUNetwork([[1, 1], [-2, -2], [0, 1], [3, -1]], [1, -2, 0, Fraction(1, 2)], [1, 1, -3, 2])
    fig = sinogram_figure(net, resolution=40)
    out = tmp_path / "s.png"
    fig.savefig(out)
    assert out.stat().st_size > 1000
    dots = fig.axes[1].collections[0].get_offsets()  # the scatter of the sinogram panel (axes: map, sinogram, bar)
    assert len(dots) == len(R.radon_atoms(net)) == 3  # neurons 1 and 2 share a hyperplane


def test_sinogram_figure_rejects_other_dimensions():
    pytest.importorskip("matplotlib")
    from radontv.radon_plot import sinogram_figure

    with pytest.raises(InvalidInput, match="2-D"):
        sinogram_figure(ReLUNetwork([[1, 2, 3]], [0], [1]))


def test_plot_sinogram_command_random_and_json(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    parser = _parser()
    out = tmp_path / "random.png"
    args = parser.parse_args(["plot", "sinogram", "--random", "--seed", "1", "--width", "4", "--out", str(out),
                              "--resolution", "30"])
    assert args.func(args) == 0 and out.is_file()
    spec = tmp_path / "net.json"
    spec.write_text(json.dumps({"W": [[1, 0], [0, -1]], "b": [0.5, 1], "v": [1, -2], "c": [0, 1], "c0": 3}))
    out2 = tmp_path / "json.png"
    args = parser.parse_args(["plot", "sinogram", str(spec), "--out", str(out2), "--resolution", "30"])
    assert args.func(args) == 0 and out2.is_file()
    assert "2 atoms" in capsys.readouterr().out


def test_plot_sinogram_command_bad_input(tmp_path):
    parser = _parser()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    args = parser.parse_args(["plot", "sinogram", str(bad), "--out", str(tmp_path / "x.png")])
    with pytest.raises(InvalidInput, match="not valid JSON"):
        args.func(args)
    missing = tmp_path / "keys.json"
    missing.write_text(json.dumps({"W": [[1, 0]]}))
    args = parser.parse_args(["plot", "sinogram", str(missing), "--out", str(tmp_path / "x.png")])
    with pytest.raises(InvalidInput, match='"W", "b", "v"'):
        args.func(args)
    with pytest.raises(SystemExit):
        parser.parse_args(["plot", "sinogram", "--random"])  # --out is required


@pytest.mark.slow
def test_fbp_anisotropic_gaussian_in_3d_by_sphere_quadrature():
    """The general sphere-quadrature route in d = 3 (Gauss–Legendre × trapezoid, refined until two levels agree)."""
    f = R.Gaussian([Fraction(1, 8), 0, Fraction(-1, 4)],
                   covariance=[[1, Fraction(1, 4), 0], [Fraction(1, 4), Fraction(3, 2), 0], [0, 0, Fraction(3, 4)]])
    x = [Fraction(1, 4), Fraction(-1, 8), 0]
    with mpmath.workdps(15):
        value = R.fbp(f, x, dps=15)
        assert abs(value - f(x)) <= mpmath.mpf(10) ** -10 * (abs(f(x)) + 1)
