"""Reference implementations used as test oracles: plain, obviously-correct versions of rules
that :mod:`geo.domain.prioritas` implements vectorised for speed."""

from __future__ import annotations

import numpy as np
import pandas as pd


def skor(kriteria: pd.DataFrame, bobot: dict[str, float]) -> pd.DataFrame:
    """Weighted score with its breakdown, so a forum sees why an usulan ranks where it does.

    Each criterion column is min-max normalised to 0..1 across the usulan compared (a
    column with one value contributes 0), multiplied by its weight; weights are
    normalised to sum to 1.

    Returns
    -------
    DataFrame
        One column per criterion (its weighted contribution), ``skor`` and ``peringkat``.
    """
    total = sum(bobot.values())
    if total <= 0:
        raise ValueError("jumlah bobot harus lebih dari 0")
    keluar = pd.DataFrame(index=kriteria.index)
    for k, w in bobot.items():
        x = kriteria[k].astype(float)
        rentang = x.max() - x.min()
        norm = (x - x.min()) / rentang if rentang > 0 else x * 0
        keluar[k] = norm.fillna(0) * w / total
    keluar["skor"] = keluar[list(bobot)].sum(axis=1)
    keluar["peringkat"] = keluar["skor"].rank(ascending=False, method="min").astype(int)
    return keluar


def pilih_greedy(biaya: np.ndarray, skor_: np.ndarray, pagu: float) -> np.ndarray:
    """Select in rank order within the ceiling (the CONSUL Democracy rule).

    An usulan that no longer fits is skipped and the next one is tried.

    Returns
    -------
    ndarray of bool
    """
    urut = np.lexsort((np.arange(len(skor_)), -np.asarray(skor_, dtype=float)))
    pilih = np.zeros(len(biaya), dtype=bool)
    sisa = float(pagu)
    for i in urut:
        if biaya[i] <= sisa:
            pilih[i] = True
            sisa -= biaya[i]
    return pilih
