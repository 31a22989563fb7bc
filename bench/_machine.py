"""What every benchmark figure is recorded with: the machine's load and its BLAS thread pools.

A figure measured on a shared machine is meaningless without the load it ran under, and BLAS-heavy code runs at a
different speed (and, where the claim is not exact, to slightly different digits) with 1 or 2 BLAS threads.  Each
script prints :func:`environment_line` next to its table and stores :func:`environment` in its ``--json`` output.
"""

from __future__ import annotations

import os
import platform
from typing import Any

__all__ = ["environment", "environment_line"]


def environment() -> dict[str, Any]:
    """Load average (1, 5, 15 min), logical CPUs, BLAS thread pools (threadpoolctl) and library versions, now."""
    import numpy as np
    import scipy
    from threadpoolctl import threadpool_info

    pools = [f"{p.get('internal_api')}:{p.get('num_threads')}" for p in threadpool_info()]
    return {"load": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(), "blas": pools,
            "python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__}


def environment_line() -> str:
    """One line for the top of a printed table: ``load 1.02 0.98 0.87 · 2 CPUs · BLAS openblas:2 ...``."""
    env = environment()
    load = " ".join(f"{x:.2f}" for x in env["load"])
    return (f"load {load} · {env['cpus']} CPUs · BLAS {', '.join(env['blas']) or 'none loaded'} · "
            f"Python {env['python']}, numpy {env['numpy']}, scipy {env['scipy']}")
