"""The literature the catalog cites, one entry per source key (``PN21``, ``U23``, ``SPLN24``, ...).

A claim's ``source`` names where it is stated, with a short key and a place (e.g. ``"PN21 Thm 8"``); this module
expands the keys into full references, in one citation style::

    Authors. Title. Venue, year. arXiv:id.

(the arXiv id when there is one; ``radontv sources`` prints them all, ``radontv list ID`` the ones a claim cites).
The entries transcribe the source list of the theory catalog (``/work/shared/spec/theory-catalog.md`` §0, which
also says how much of each source was read); the arXiv ids and venues of [GK] and [LQWP], missing there, are from
their arXiv abstract pages (2410.23169, 2506.20779).  ``Hel99``, Helgason's book, is cited by name in the radon
family and has no key in the theory catalog.  A few claims cite a source by author and journal instead of its key
(``"Parhi & Nowak, JMLR 22 (2021)"``); :attr:`Source.aliases` lists those spellings so that they expand too.

``tests/test_cli_behaviour.py`` checks that every key a catalog claim cites has an entry, that every claim cites at
least one entry, and that every entry is cited by some claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InvalidInput

__all__ = ["SOURCES", "Source", "cited", "get_source"]


@dataclass(frozen=True)
class Source:
    """One reference: its key, authors, title, venue (journal or conference, with volume and pages), year, arXiv id."""

    key: str
    authors: str
    title: str
    venue: str
    year: int
    arxiv: str | None = None
    aliases: tuple[str, ...] = ()

    def citation(self) -> str:
        """The reference in the house style: ``Authors. Title. Venue, year. arXiv:id.``"""
        title = self.title if self.title[-1] in ".?!" else self.title + "."
        text = f"{self.authors}. {title} {self.venue}, {self.year}."
        return text + (f" arXiv:{self.arxiv}." if self.arxiv else "")

    def as_dict(self) -> dict[str, object]:
        """The entry as plain JSON values (for ``--json``)."""
        return {"key": self.key, "authors": self.authors, "title": self.title, "venue": self.venue,
                "year": self.year, "arxiv": self.arxiv, "citation": self.citation()}


SOURCES: tuple[Source, ...] = (
    Source("PN21", "R. Parhi, R. D. Nowak", "Banach Space Representer Theorems for Neural Networks and Ridge Splines",
           "Journal of Machine Learning Research 22(43):1-40", 2021, "2006.05626",
           aliases=("Parhi & Nowak, JMLR 22 (2021)",)),
    Source("PN22", "R. Parhi, R. D. Nowak",
           "What Kinds of Functions do Deep Neural Networks Learn? Insights from Variational Spline Theory",
           "SIAM Journal on Mathematics of Data Science 4(2):464-489", 2022, "2105.03361"),
    Source("PN23", "R. Parhi, R. D. Nowak", "Near-Minimax Optimal Estimation With Shallow ReLU Neural Networks",
           "IEEE Transactions on Information Theory 69(2):1125-1139", 2023, "2109.08844"),
    Source("SPM", "R. Parhi, R. D. Nowak",
           "Deep Learning Meets Sparse Regularization: A Signal Processing Perspective",
           "IEEE Signal Processing Magazine 40(6):63-74", 2023, "2301.09554",
           aliases=("Parhi & Nowak 2023b",)),
    Source("U23", "M. Unser", "Ridges, Neural Networks, and the Radon Transform",
           "Journal of Machine Learning Research 24(37):1-33", 2023, "2203.02543",
           aliases=("Unser, JMLR 24 (2023)",)),
    Source("SPLN24", "J. Shenouda, R. Parhi, K. Lee, R. D. Nowak",
           "Variation Spaces for Multi-Output Neural Networks: Insights on Multi-Task Learning and Network Compression",
           "Journal of Machine Learning Research 25:1-40", 2024, "2305.16534"),
    Source("SESS19", "P. Savarese, I. Evron, D. Soudry, N. Srebro",
           "How do infinite width bounded norm networks look in function space?",
           "Conference on Learning Theory (COLT), PMLR 99:2667-2690", 2019, "1902.05040"),
    Source("OWSS20", "G. Ongie, R. Willett, D. Soudry, N. Srebro",
           "A Function Space View of Bounded Norm Infinite Width ReLU Nets: The Multivariate Case",
           "International Conference on Learning Representations (ICLR)", 2020, "1910.01635"),
    Source("DDUF22", "T. Debarre, Q. Denoyelle, M. Unser, J. Fageot",
           "Sparsest piecewise-linear regression of one-dimensional data",
           "Journal of Computational and Applied Mathematics 406:114044", 2022, "2003.10112"),
    Source("BF23", "E. Boursier, N. Flammarion", "Penalising the biases in norm regularisation enforces sparsity",
           "Advances in Neural Information Processing Systems (NeurIPS) 36:57795-57824", 2023, "2303.01353"),
    Source("NN25", "J. Nakhleh, R. D. Nowak",
           "Global Minimizers of ℓp-Regularized Objectives Yield the Sparsest ReLU Neural Networks",
           "preprint", 2025, "2505.21791"),
    Source("LQWP", "T. Liang, D. Qiao, Y.-X. Wang, R. Parhi",
           "Stable Minima of ReLU Neural Networks Suffer from the Curse of Dimensionality: "
           "The Neural Shattering Phenomenon",
           "Advances in Neural Information Processing Systems (NeurIPS)", 2025, "2506.20779"),
    Source("GK", "C. Garrod, J. P. Keating", "The Persistence of Neural Collapse Despite Low-Rank Bias",
           "Advances in Neural Information Processing Systems (NeurIPS)", 2025, "2410.23169"),
    # a book, cited by name in the radon family (no key in the theory catalog, no arXiv id)
    Source("Hel99", "S. Helgason", "The Radon Transform", "2nd edition, Progress in Mathematics 5, Birkhäuser", 1999,
           aliases=("Helgason, The Radon Transform (1999)",)),
)

_BY_KEY = {s.key: s for s in SOURCES}


def get_source(key: str) -> Source:
    """The entry with this key; :class:`~radontv.InvalidInput` listing the keys when there is none."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise InvalidInput(f"no source {key!r}; known keys: {', '.join(_BY_KEY)} (run `radontv sources`)") from None


def _pattern(source: Source) -> re.Pattern[str]:
    spellings = [re.escape(source.key), *(re.escape(a) for a in source.aliases)]
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(spellings) + r")(?![A-Za-z0-9])")


_PATTERNS = tuple((s, _pattern(s)) for s in SOURCES)


def cited(text: str) -> tuple[Source, ...]:
    """The sources a claim's ``source`` text cites (by key or alias), in order of first mention."""
    found = []
    for source, pattern in _PATTERNS:
        match = pattern.search(text)
        if match:
            found.append((match.start(), source))
    return tuple(source for _, source in sorted(found, key=lambda pair: pair[0]))
