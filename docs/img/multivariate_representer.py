"""Draw docs/img/multivariate_representer.png (run from the repository root): data, the optimal network's
hyperplanes, its sinogram."""
import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from radontv import canonical
from radontv.fit import rtv2_fit

rng = np.random.default_rng(5)
X = rng.uniform(-1, 1, size=(12, 2))
y = np.sin(2.5 * X[:, 0]) * np.cos(1.5 * X[:, 1])
fit = rtv2_fit(X, y)
form = canonical(fit.network)
fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 4.3))
g = np.linspace(-1.3, 1.3, 200)
GX, GY = np.meshgrid(g, g)
F = np.asarray(fit.network(np.column_stack([GX.ravel(), GY.ravel()]))).reshape(GX.shape)
im = ax.contourf(GX, GY, F, levels=30, cmap="RdBu_r")
fig.colorbar(im, ax=ax, shrink=0.85, label="f(x)")
for u, t, a in zip(form.normals, form.offsets, form.coefficients, strict=False):
    u = np.asarray(u, dtype=float)
    p0 = float(t) * u
    tang = np.array([-u[1], u[0]])
    seg = np.array([p0 - 3 * tang, p0 + 3 * tang])
    ax.plot(seg[:, 0], seg[:, 1], "k-", lw=0.6 + 2 * abs(float(a)) / max(abs(form.coefficients)))
ax.scatter(X[:, 0], X[:, 1], c=y, cmap="RdBu_r", edgecolors="k", s=45, zorder=3)
ax.set_xlim(-1.3, 1.3)
ax.set_ylim(-1.3, 1.3)
ax.set_aspect("equal")
ax.set_title(f"interpolant: {fit.neurons} neurons (bound N-(d+1) = {fit.bound})")
atoms = form.sinogram()
th = [a[0] for a in atoms]
b = [a[1] for a in atoms]
amp = [a[2] for a in atoms]
bx.axhline(0, color="0.8", lw=0.5)
bx.vlines(th, 0, 0, colors="k")
sc = bx.scatter(th, b, s=[60 + 300 * abs(a) / max(map(abs, amp)) for a in amp], c=amp, cmap="PuOr", edgecolors="k")
fig.colorbar(sc, ax=bx, shrink=0.85, label="amplitude A_H")
bx.set_xlim(0, np.pi)
bx.set_xlabel("angle θ of the normal (θ ∈ [0, π))")
bx.set_ylabel("offset b")
bx.set_title(f"sinogram: one Dirac per hyperplane, R-TV² = {fit.rtv2:.4f}")
fig.tight_layout()
fig.savefig("docs/img/multivariate_representer.png", dpi=110)
print(fit)
