"""Prioritisation of usulan at a forum, vectorised over many forums at once.

Criteria, weighted score with its breakdown, and selection within the pagu.

A forum compares only its own usulan: a desa forum its desa's, a kecamatan forum its
kecamatan's, the forum perangkat daerah and the kabupaten forum per OPD
(:data:`KELOMPOK_FORUM`). Criteria are min-max normalised *within* each forum, weighted
and summed; the breakdown columns show each criterion's contribution so participants see
why an usulan ranks where it does.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from geo.domain import definitions
from geo.errors import KesalahanInput, KonflikVersi, Masalah

#: The column that groups usulan into one forum, per tier.
KELOMPOK_FORUM: dict[str, str] = {
    "desa": "kode_desa",
    "kecamatan": "kode_kecamatan",
    "forum_pd": "opd",
    "kabupaten": "opd",
}

#: The pagu kind that caps each forum (no ceiling at the desa forum).
#: At the desa/kelurahan tier only kelurahan have a kabupaten pagu (dana kelurahan); desa
#: plan their Dana Desa themselves, so a desa forum ranks without a ceiling.
JENIS_PAGU: dict[str, str | None] = {
    "desa": "kelurahan",
    "kecamatan": "kecamatan",
    "forum_pd": "opd",
    "kabupaten": "opd",
}

KODE_KRITERIA = [k.kode for k in definitions.KRITERIA_PRIORITAS]
BOBOT_BAKU = {k.kode: k.bobot_baku for k in definitions.KRITERIA_PRIORITAS}
SEMUA_FORUM = "*"


def nilai_kriteria(usulan: pd.DataFrame, kebutuhan: pd.Series | None = None) -> pd.DataFrame:
    """Raw criterion values per usulan (one column per :data:`KODE_KRITERIA`).

    Parameters
    ----------
    usulan : DataFrame
        Columns ``urgensi``, ``dampak``, ``selaras_rpjmd``, ``penerima_laki``,
        ``penerima_perempuan``, ``penerima_rentan``, ``status_lahan``, ``sertifikat``,
        ``gambar_teknis``, ``rab``, ``biaya``, ``kode_desa`` and ``suara``.
    kebutuhan : Series, optional
        Indicator value per desa code (need from data; higher = more need).

    Returns
    -------
    DataFrame
        Same index as ``usulan``. Missing assessments stay NaN (they contribute 0).

    Examples
    --------
    >>> u = pd.DataFrame({"urgensi": [5], "dampak": [3], "selaras_rpjmd": [4], "penerima_laki": [40],
    ...     "penerima_perempuan": [60], "penerima_rentan": [10], "status_lahan": ["tanah_desa"],
    ...     "sertifikat": [True], "gambar_teknis": [False], "rab": [True], "biaya": [50e6],
    ...     "kode_desa": ["d1"], "suara": [12]})
    >>> nilai_kriteria(u, pd.Series({"d1": 17.5})).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'urgensi': 5.0, 'penerima': 110.0, 'dampak': 3.0, 'selaras_rpjmd': 4.0, 'kesiapan': 0.8,
     'efektivitas_biaya': 2.0, 'kebutuhan': 17.5, 'suara': 12.0}
    """
    angka = lambda k: pd.to_numeric(usulan[k], errors="coerce").astype(float)  # noqa: E731
    jiwa = angka("penerima_laki").fillna(0) + angka("penerima_perempuan").fillna(0)
    rentan = angka("penerima_rentan").fillna(0)
    lahan = usulan["status_lahan"].map(definitions.SKOR_LAHAN).fillna(0).astype(float)
    dok = sum(usulan[k].fillna(False).astype(bool).astype(float) for k in ("sertifikat", "gambar_teknis", "rab"))
    keluar = pd.DataFrame(index=usulan.index)
    keluar["urgensi"] = angka("urgensi")
    keluar["penerima"] = jiwa + rentan
    keluar["dampak"] = angka("dampak")
    keluar["selaras_rpjmd"] = angka("selaras_rpjmd")
    keluar["kesiapan"] = (0.4 * lahan + 0.2 * dok).round(6)
    keluar["efektivitas_biaya"] = jiwa / (angka("biaya") / 1e6)
    keluar["kebutuhan"] = usulan["kode_desa"].map(kebutuhan).astype(float) if kebutuhan is not None else np.nan
    keluar["suara"] = angka("suara")
    return keluar[KODE_KRITERIA]


def peringkat(nilai: pd.DataFrame, bobot: dict[str, float], kelompok: pd.Series | None = None) -> pd.DataFrame:
    """Weighted score with its breakdown and the rank within each forum.

    Each criterion is min-max normalised to 0..1 within its forum (a criterion with one
    value in a forum, or a missing value, contributes 0), multiplied by its weight; the
    weights are normalised to sum to 1. Ties share the best rank.

    Parameters
    ----------
    nilai : DataFrame
        Raw criterion values (:func:`nilai_kriteria`).
    bobot : dict
        Criterion -> weight (any positive scale).
    kelompok : Series, optional
        Forum of each usulan; all in one forum when omitted.

    Returns
    -------
    DataFrame
        One column per weighted criterion (its contribution), ``skor`` (0..1) and
        ``peringkat`` (1 = best, per forum).

    Raises
    ------
    KesalahanInput
        When no weight is positive or a weight is negative.
    """
    if any(w < 0 for w in bobot.values()) or sum(bobot.values()) <= 0:
        raise KesalahanInput(
            "Bobot kriteria tidak sah",
            [Masalah("bobot", "bobot", str(bobot), "bobot ≥ 0 dan jumlahnya > 0", "isi sedikitnya satu bobot positif")],
        )
    total = float(sum(bobot.values()))
    grup = kelompok if kelompok is not None else pd.Series(0, index=nilai.index)
    keluar = pd.DataFrame(index=nilai.index)
    g = nilai.groupby(grup.values, sort=False)
    lo, hi = g.transform("min"), g.transform("max")
    for k, w in bobot.items():
        rentang = hi[k] - lo[k]
        norm = ((nilai[k] - lo[k]) / rentang.where(rentang > 0)).fillna(0.0)
        keluar[k] = norm * (w / total)
    keluar["skor"] = keluar[list(bobot)].sum(axis=1)
    keluar["peringkat"] = keluar["skor"].groupby(grup.values).rank(ascending=False, method="min").astype(int)
    return keluar


def pilih_dalam_pagu(
    biaya: pd.Series, skor: pd.Series, kelompok: pd.Series, pagu: dict[str, float], metode: str = "greedy"
) -> pd.Series:
    """Select usulan per forum within that forum's ceiling.

    ``greedy`` takes usulan in rank order and skips one that no longer fits (the CONSUL
    Democracy rule); ``knapsack`` maximises the forum's total score (0/1 knapsack in
    Rp 1 juta units, see :func:`geo.domain.usulan.pilih_knapsack`). A forum without a pagu funds
    nothing.

    Returns
    -------
    Series of bool
        True = didanai (within the pagu).
    """
    from geo.domain.usulan import pilih_knapsack

    b = biaya.to_numpy(dtype=float)
    s = skor.to_numpy(dtype=float)
    grp = kelompok.to_numpy()
    pilih = np.zeros(len(b), dtype=bool)
    if metode == "knapsack":
        for kode, idx in pd.Series(np.arange(len(b))).groupby(grp, sort=False):
            if kode in pagu:
                ii = idx.to_numpy()
                pilih[ii] = pilih_knapsack(b[ii], s[ii], pagu[kode])
        return pd.Series(pilih, index=biaya.index)
    if metode != "greedy":
        raise ValueError(f"metode pemilihan tidak dikenal: {metode}")
    # one pass over all forums in (forum, score desc, position) order; remaining ceilings in a dict
    kode_grp, inv = np.unique(grp.astype(str), return_inverse=True)
    sisa = np.array([float(pagu.get(k, -1.0)) for k in kode_grp])
    urut = np.lexsort((np.arange(len(b)), -s, inv))
    bl, il = b[urut].tolist(), inv[urut].tolist()
    sl = sisa.tolist()
    hasil = [False] * len(bl)
    for j in range(len(bl)):
        g = il[j]
        if bl[j] <= sl[g]:
            sl[g] -= bl[j]
            hasil[j] = True
    pilih[urut] = hasil
    return pd.Series(pilih, index=biaya.index)


#: Indicators tried, in order, for "need from data" when a forum has not chosen one.
INDIKATOR_KEBUTUHAN = ("persen_miskin", "prevalensi_stunting", "persen_jalan_rusak")


def indikator_baku(tersimpan: str | None, tersedia: list[str]) -> str | None:
    """The forum's saved need indicator if still loaded, else the first of :data:`INDIKATOR_KEBUTUHAN` present."""
    if tersimpan in tersedia:
        return tersimpan
    return next((k for k in INDIKATOR_KEBUTUHAN if k in tersedia), None)


def baca_bobot(gudang, tahun: int, tahap: str, kode_forum: str) -> tuple[dict[str, float], str | None, int]:
    """Saved weights of a forum (falling back to the tier's, then the defaults).

    Returns
    -------
    (bobot, indikator, versi)
        ``versi`` is 0 when nothing is saved for this very forum yet.
    """
    df = gudang.df(
        "SELECT kode_forum, bobot, indikator, versi FROM kerja.bobot_forum WHERE tahun = ? AND tahap = ? "
        "AND kode_forum IN (?, ?) ORDER BY kode_forum = ? DESC",
        [tahun, tahap, kode_forum, SEMUA_FORUM, kode_forum],
    )
    if df.empty:
        return dict(BOBOT_BAKU), None, 0
    r = df.iloc[0]
    bobot = {**dict.fromkeys(KODE_KRITERIA, 0.0), **json.loads(r["bobot"])}
    return bobot, r["indikator"], int(r["versi"]) if r["kode_forum"] == kode_forum else 0


def simpan_bobot(
    gudang,
    tahun: int,
    tahap: str,
    kode_forum: str,
    bobot: dict[str, float],
    indikator: str | None,
    versi: int,
    oleh: str,
) -> int:
    """Save a forum's weights; ``versi`` is the version the user loaded (0 = new).

    Raises
    ------
    KonflikVersi
        Someone saved this forum's weights in between: nothing is written.

    Returns
    -------
    int
        The new version.
    """
    peringkat(pd.DataFrame({k: [0.0] for k in bobot}), bobot)  # validates the weights
    with gudang.sesi(tulis=True) as con:
        r = con.execute(
            "SELECT versi, bobot FROM kerja.bobot_forum WHERE tahun = ? AND tahap = ? AND kode_forum = ?",
            [tahun, tahap, kode_forum],
        ).fetchone()
        ada = 0 if r is None else r[0]
        if ada != versi:
            raise KonflikVersi(
                f"Bobot forum ini sudah disimpan orang lain (versi {ada}, Anda membuka versi {versi}). "
                "Muat ulang halaman untuk melihat bobot terbaru, lalu simpan lagi."
            )
        con.execute(
            "INSERT OR REPLACE INTO kerja.bobot_forum VALUES (?, ?, ?, ?, ?, ?, ?, current_localtimestamp())",
            [tahun, tahap, kode_forum, json.dumps(bobot), indikator, ada + 1, oleh],
        )
        con.execute(
            "INSERT INTO kerja.audit_log (waktu, oleh, tabel, kunci, aksi, lama, baru, alasan) "
            "VALUES (current_localtimestamp(), ?, 'bobot_forum', ?, 'simpan', ?, ?, NULL)",
            [oleh, f"{tahun}|{tahap}|{kode_forum}", None if r is None else r[1], json.dumps(bobot)],
        )
        return ada + 1


def simpan_suara(gudang, tahap: str, suara: dict[int, int], oleh: str) -> int:
    """Record forum vote tallies (usulan id -> votes) at a tier; returns how many changed."""
    salah = [
        Masalah(f"usulan {u}", "suara", str(j), "bilangan bulat ≥ 0", "isi jumlah suara")
        for u, j in suara.items()
        if j is None or pd.isna(j) or int(j) != j or j < 0
    ]
    if salah:
        raise KesalahanInput("Suara forum tidak disimpan", salah)
    with gudang.sesi(tulis=True) as con:
        lama = dict(con.execute("SELECT usulan_id, jumlah FROM kerja.suara WHERE tahap = ?", [tahap]).fetchall())
        ubah = {int(u): int(j) for u, j in suara.items() if lama.get(int(u)) != int(j)}
        for u, j in ubah.items():
            con.execute(
                "INSERT OR REPLACE INTO kerja.suara VALUES (?, ?, ?, ?, current_localtimestamp())", [u, tahap, j, oleh]
            )
            con.execute(
                "INSERT INTO kerja.audit_log (waktu, oleh, tabel, kunci, aksi, lama, baru, alasan) "
                "VALUES (current_localtimestamp(), ?, 'usulan', ?, 'suara', ?, ?, ?)",
                [oleh, str(u), json.dumps({"suara": lama.get(u)}), json.dumps({"suara": j}), f"suara forum {tahap}"],
            )
        return len(ubah)


def hitung_forum(
    usulan: pd.DataFrame,
    tahap: str,
    bobot: dict[str, float],
    kebutuhan: pd.Series | None,
    pagu: dict[str, float],
    metode: str = "greedy",
    terpakai: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Rank the usulan of a tier forum by forum and select within each forum's pagu.

    Parameters
    ----------
    usulan : DataFrame
        From :func:`geo.store.kueri.usulan_gdf` (one tier).
    tahap : str
        The tier; it decides the forum grouping (:data:`KELOMPOK_FORUM`).
    bobot, kebutuhan, pagu, metode
        See :func:`peringkat`, :func:`nilai_kriteria` and :func:`pilih_dalam_pagu`.
    terpakai : dict, optional
        Pagu already committed per forum (usulan accepted earlier at this tier); the
        selection fits into what is left.

    Returns
    -------
    DataFrame
        ``usulan`` (same index) plus ``forum``, the raw criteria as ``nilai_<k>``, the
        weighted contributions as ``poin_<k>``, ``skor``, ``peringkat`` and ``didanai``;
        sorted by forum and rank.
    """
    forum = usulan[KELOMPOK_FORUM[tahap]].astype(str)
    nilai = nilai_kriteria(usulan, kebutuhan)
    hasil = peringkat(nilai, bobot, forum)
    sisa = {k: v - (terpakai or {}).get(k, 0.0) for k, v in pagu.items()}
    didanai = pilih_dalam_pagu(usulan["biaya"], hasil["skor"], forum, sisa, metode)
    hasil = hasil.rename(columns={k: f"poin_{k}" for k in bobot})
    keluar = pd.concat([usulan, nilai.add_prefix("nilai_"), hasil], axis=1)
    keluar["forum"] = forum
    keluar["didanai"] = didanai
    return keluar.sort_values(["forum", "peringkat", "id"])


def rekap_pagu(hasil: pd.DataFrame, pagu: dict[str, float], terpakai: dict[str, float] | None = None) -> pd.DataFrame:
    """Totals per forum: usulan, cost proposed, cost funded, pagu, already committed, and what is left."""
    g = hasil.groupby("forum")
    rekap = pd.DataFrame(
        {
            "usulan": g.size(),
            "biaya_usulan": g["biaya"].sum(),
            "didanai": g["didanai"].sum(),
            "biaya_didanai": hasil[hasil["didanai"]].groupby("forum")["biaya"].sum(),
        }
    ).fillna({"biaya_didanai": 0.0})
    rekap["pagu"] = rekap.index.map(pagu).astype(float)
    rekap["terpakai"] = rekap.index.map(lambda k: (terpakai or {}).get(k, 0.0)).astype(float)
    rekap["sisa_pagu"] = rekap["pagu"] - rekap["terpakai"] - rekap["biaya_didanai"]
    return rekap.reset_index()
