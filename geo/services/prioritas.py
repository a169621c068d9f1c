"""Use cases of the Prioritas page: save a forum's weights and its vote tallies."""

from __future__ import annotations

import pandas as pd

from geo.domain.akses import Pengguna, opd_usulan, pastikan
from geo.domain.definitions import KELOMPOK_FORUM, METODE_PAGU
from geo.domain.prioritas import SEMUA_FORUM, peringkat
from geo.errors import KesalahanInput, Masalah
from geo.store import prioritas as simpanan
from geo.store import usulan as simpanan_usulan
from geo.store.db import Gudang


def simpan_bobot(
    gudang: Gudang,
    tahun: int,
    tahap: str,
    kode_forum: str,
    bobot: dict[str, float],
    indikator: str | None,
    versi: int,
    pelaku: Pengguna,
    metode: str = "greedy",
) -> int:
    """Save a forum's weights and its selection rule; ``versi`` is the version the user loaded (0 = new).

    The Forum page's "top N" applies the same weights and rule (``greedy`` or ``knapsack``).

    Raises
    ------
    KonflikVersi
        Someone saved this forum's weights in between: nothing is written.

    Returns
    -------
    int
        The new version.
    """
    if kode_forum == SEMUA_FORUM:
        pastikan(pelaku, "forum.putuskan", tahap=tahap, seluruh_kabupaten=True)
    elif KELOMPOK_FORUM.get(tahap) == "opd":
        pastikan(pelaku, "forum.putuskan", tahap=tahap, opd=kode_forum)
    else:
        pastikan(pelaku, "forum.putuskan", tahap=tahap, kode_desa=kode_forum)
    peringkat(pd.DataFrame({k: [0.0] for k in bobot}), bobot)  # validates the weights
    if metode not in METODE_PAGU:
        raise KesalahanInput(
            "Bobot forum tidak disimpan",
            [Masalah("bobot", "metode", str(metode), ", ".join(METODE_PAGU), "pilih aturan pemilihan dalam pagu")],
        )
    with gudang.sesi(tulis=True) as con:
        return simpanan.tulis_bobot(
            con, tahun, tahap, kode_forum, bobot, indikator, versi, pelaku.nama_pengguna, metode
        )


def simpan_suara(gudang: Gudang, tahap: str, suara: dict[int, int], pelaku: Pengguna) -> int:
    """Record forum vote tallies (usulan id -> votes) at a tier; returns how many changed."""
    salah = [
        Masalah(f"usulan {u}", "suara", str(j), "bilangan bulat ≥ 0", "isi jumlah suara")
        for u, j in suara.items()
        if j is None or pd.isna(j) or int(j) != j or j < 0
    ]
    if salah:
        raise KesalahanInput("Suara forum tidak disimpan", salah)
    with gudang.sesi(tulis=True) as con:
        for uid in suara:
            r = simpanan_usulan.baris_untuk_keputusan(con, int(uid))
            if r is not None:
                pastikan(pelaku, "forum.putuskan", kode_desa=str(r["kode_desa"]), tahap=tahap, opd=opd_usulan(r))
        return simpanan.tulis_suara(con, tahap, suara, pelaku.nama_pengguna)
