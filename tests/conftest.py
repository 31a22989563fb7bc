"""Test configuration: the seeded hypothesis profiles (choose with --hypothesis-profile=deep), one BLAS thread.

Each pytest-xdist worker is one process per core; a multi-threaded BLAS inside each would oversubscribe the cores
(seen: an eigendecomposition in radontv.deep.group_lasso 60x slower with two OpenBLAS threads on a loaded machine),
so the tests hold BLAS to one thread (threadpoolctl, extra ``test``).  numpy and scipy each bring their own OpenBLAS;
threadpoolctl limits only libraries already loaded, so scipy is imported first.
"""

import scipy.linalg  # noqa: F401  (loads scipy's own OpenBLAS, so that the limit below reaches it too)
from threadpoolctl import threadpool_limits

from radontv.testing import register_profiles

register_profiles()
threadpool_limits(limits=1)  # acts on the BLAS libraries loaded so far: numpy's and scipy's
