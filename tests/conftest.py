"""Test configuration: the seeded hypothesis profiles (choose with --hypothesis-profile=deep), one BLAS thread.

The profile ``mutation`` (20 examples per property, otherwise ``default``) is for mutation runs only (``[tool.mutmut]``
in pyproject.toml): a surviving mutant runs every targeted test, and most mutants die on the first examples; the
survivors are rerun with the ``default`` profile before they are counted (tests/README.md, "Mutation testing").

Each pytest-xdist worker is one process per core; a multi-threaded BLAS inside each would oversubscribe the cores
(seen: an eigendecomposition in radontv.deep.group_lasso 60x slower with two OpenBLAS threads on a loaded machine),
so the tests hold BLAS to one thread (threadpoolctl, extra ``test``).  numpy and scipy each bring their own OpenBLAS;
threadpoolctl limits only libraries already loaded, so scipy is imported first.
"""

import scipy.linalg  # noqa: F401  (loads scipy's own OpenBLAS, so that the limit below reaches it too)
from hypothesis import settings
from threadpoolctl import threadpool_limits

from radontv.testing import register_profiles

register_profiles()
settings.register_profile("mutation", parent=settings.get_profile("default"), max_examples=20)
threadpool_limits(limits=1)  # acts on the BLAS libraries loaded so far: numpy's and scipy's
