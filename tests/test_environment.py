"""The test environment itself: every BLAS library the tests load runs one thread (tests/conftest.py)."""

from threadpoolctl import threadpool_info


def test_every_loaded_blas_runs_one_thread():
    blas = [info for info in threadpool_info() if info["user_api"] == "blas"]
    assert len(blas) >= 2, blas  # numpy's and scipy's own OpenBLAS (a wheel install brings one each)
    assert [info["num_threads"] for info in blas] == [1] * len(blas), blas
