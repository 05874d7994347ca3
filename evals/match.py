"""Aligning extracted facts with gold facts: fuzzy names, optimal one-to-one assignment."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from rapidfuzz import fuzz

A = TypeVar("A")
B = TypeVar("B")

MIN_SIMILARITY = 0.5


def hungarian(cost: list[list[float]]) -> list[tuple[int, int]]:
    """Minimum-cost one-to-one assignment for a rectangular cost matrix (Kuhn–Munkres, O(n³))."""
    rows = len(cost)
    cols = len(cost[0]) if rows else 0
    if rows == 0 or cols == 0:
        return []
    transposed = rows > cols
    matrix = [list(r) for r in zip(*cost, strict=True)] if transposed else [list(r) for r in cost]
    n, m = len(matrix), len(matrix[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    current = matrix[i0 - 1][j - 1] - u[i0] - v[j]
                    if current < minv[j]:
                        minv[j], way[j] = current, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    pairs = [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]
    return sorted((b, a) for a, b in pairs) if transposed else sorted(pairs)


def align(
    gold: Sequence[A],
    predicted: Sequence[B],
    similarity: Callable[[A, B], float],
    minimum: float = MIN_SIMILARITY,
) -> tuple[list[tuple[A, B]], list[A], list[B]]:
    """Pairs maximising total similarity (each at least ``minimum``), then the leftovers."""
    scores = [[similarity(g, p) for p in predicted] for g in gold]
    pairs = [
        (i, j)
        for i, j in hungarian([[1.0 - s for s in row] for row in scores])
        if scores[i][j] >= minimum
    ]
    matched_gold = {i for i, _ in pairs}
    matched_pred = {j for _, j in pairs}
    return (
        [(gold[i], predicted[j]) for i, j in pairs],
        [g for i, g in enumerate(gold) if i not in matched_gold],
        [p for j, p in enumerate(predicted) if j not in matched_pred],
    )


_NOISE = re.compile(r"\b(council|borough|district|city|county|constituency|ward|the)\b", re.I)


def name_similarity(a: str | None, b: str | None, *, drop_noise: bool = False) -> float:
    """Fuzzy similarity of two names in [0, 1] (0 when either is missing)."""
    if not a or not b:
        return 0.0
    if drop_noise:
        a, b = _NOISE.sub(" ", a), _NOISE.sub(" ", b)
    a, b = " ".join(a.lower().split()), " ".join(b.lower().split())
    if a == b:
        return 1.0
    return max(fuzz.ratio(a, b), 0.95 * fuzz.token_set_ratio(a, b)) / 100.0
