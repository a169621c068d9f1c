"""Feasibility (kelayakan) of usulan: readiness factors, each visible, aggregated per area.

Factors come from conformity, land status, access, documents and cost; thresholds are
configurable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.domain import definitions as d

SIAP, PERHATIAN, BELUM = "siap", "perlu perhatian", "belum siap"
_URUT = {SIAP: 0, PERHATIAN: 1, BELUM: 2}
FAKTOR = {
    "f_kesesuaian": "Kesesuaian ruang",
    "f_lahan": "Status lahan",
    "f_akses": "Akses (jalan/permukiman)",
    "f_dokumen": "Dokumen (gambar, RAB, sertifikat)",
    "f_biaya": "Biaya vs kamus",
}


def faktor(data: pd.DataFrame, aturan: dict | None = None) -> pd.DataFrame:
    """Readiness factors per usulan and the overall readiness.

    Parameters
    ----------
    data : DataFrame
        Per usulan: ``verdik``, ``status_lahan`` (declared), ``status_lahan_peta``,
        ``lahan_cocok``, ``jarak_akses_m``, ``gambar_teknis``, ``rab``, ``sertifikat``,
        ``biaya``, ``volume``, ``harga_satuan``, ``kelas_kegiatan``.
    aturan : dict, optional
        Overrides of :data:`geo.domain.definitions.ATURAN_KELAYAKAN`.

    Returns
    -------
    DataFrame
        The factor columns of :data:`FAKTOR` (siap / perlu perhatian / belum siap), their
        reasons in ``catatan``, ``skor`` (share of factors ready, 0..1) and ``kelayakan``
        (the worst factor).
    """
    at = {**d.ATURAN_KELAYAKAN, **(aturan or {})}
    n = len(data)
    nonfisik = data["kelas_kegiatan"].isin(d.KEGIATAN_NONFISIK).to_numpy()
    keluar = pd.DataFrame(index=data.index)
    catatan: list[list[str]] = [[] for _ in range(n)]

    v = data["verdik"].to_numpy()
    keluar["f_kesesuaian"] = np.select(
        [np.isin(v, ["sesuai", "terbatas"]), v == "tidak_sesuai"], [SIAP, BELUM], PERHATIAN
    )
    for k in np.flatnonzero(keluar["f_kesesuaian"].to_numpy() != SIAP).tolist():
        catatan[k].append(f"kesesuaian ruang: {d.VERDIK.get(v[k], d.VERDIK['tidak_ada_data']).nama.lower()}")

    lahan = []
    for k, (dinyatakan, peta, cocok) in enumerate(
        zip(data["status_lahan"], data["status_lahan_peta"], data["lahan_cocok"], strict=True)
    ):
        if nonfisik[k]:
            lahan.append(SIAP)
        elif peta in ("sengketa", "kawasan_hutan"):
            lahan.append(BELUM)
            catatan[k].append(f"lahan: {d.STATUS_LAHAN_PETA[peta][0].lower()} di peta")
        elif isinstance(peta, str):
            ok = bool(cocok) and peta in ("aset_pemda", "tanah_desa")
            lahan.append(SIAP if ok else PERHATIAN)
            if not ok:
                catatan[k].append(
                    "lahan: perlu pengadaan tanah"
                    if peta == "milik_warga"
                    else "lahan: status diakui berbeda dengan peta"
                )
        elif dinyatakan in ("milik_pemda", "tanah_desa"):
            lahan.append(SIAP)
        else:
            lahan.append(BELUM if dinyatakan == "belum_jelas" else PERHATIAN)
            catatan[k].append(
                f"lahan: {d.STATUS_LAHAN_USULAN.get(dinyatakan, dinyatakan).lower()}, tidak ada peta bidang"
            )
    keluar["f_lahan"] = lahan

    jarak = pd.to_numeric(data["jarak_akses_m"], errors="coerce").to_numpy(dtype=float)
    akses = np.select(
        [np.isnan(jarak), jarak <= at["akses_dekat_m"], jarak <= at["akses_jauh_m"]],
        [PERHATIAN, SIAP, PERHATIAN],
        BELUM,
    )
    akses = np.where(nonfisik, SIAP, akses)
    keluar["f_akses"] = akses
    for k in np.flatnonzero(akses != SIAP).tolist():
        if np.isnan(jarak[k]):
            catatan[k].append("akses: tidak ada data jalan/permukiman")
        elif np.isinf(jarak[k]):
            catatan[k].append("akses: tidak ada jalan/permukiman dalam 20 km")
        else:
            catatan[k].append(f"akses: {jarak[k]:,.0f} m".replace(",", "."))

    dok = sum(data[c].fillna(False).astype(bool).astype(int) for c in ("gambar_teknis", "rab", "sertifikat")).to_numpy()
    keluar["f_dokumen"] = np.select([dok >= at["dokumen_minimal"], dok >= 1], [SIAP, PERHATIAN], BELUM)
    for k in np.flatnonzero(keluar["f_dokumen"].to_numpy() != SIAP).tolist():
        catatan[k].append(f"dokumen: {dok[k]} dari 3")

    acuan = data["volume"].astype(float) * data["harga_satuan"].astype(float)
    deviasi = ((data["biaya"].astype(float) - acuan).abs() / acuan).to_numpy()
    keluar["f_biaya"] = np.where(deviasi <= at["deviasi_biaya"], SIAP, PERHATIAN)
    for k in np.flatnonzero(deviasi > at["deviasi_biaya"]).tolist():
        catatan[k].append(f"biaya: menyimpang {deviasi[k] * 100:.0f} % dari kamus")

    f = keluar[list(FAKTOR)]
    keluar["skor"] = (f == SIAP).mean(axis=1)
    tingkat = np.array(sorted(_URUT, key=lambda k: _URUT[k]))  # the worst factor decides
    kode = np.column_stack([f[c].map(_URUT).to_numpy(dtype=int) for c in FAKTOR]) if n else np.zeros((0, 1), int)
    keluar["kelayakan"] = tingkat[kode.max(axis=1)] if n else []
    keluar["catatan"] = ["; ".join(c) for c in catatan]
    return keluar


def rekap(data: pd.DataFrame, kolom: str) -> pd.DataFrame:
    """Aggregate readiness per area (``kolom``: e.g. ``kode_desa`` or ``kode_kecamatan``).

    Returns
    -------
    DataFrame
        ``kode``, ``usulan``, count per readiness level, ``persen_siap`` and, per factor, the
        share of usulan ready on it.
    """
    g = data.groupby(kolom)
    hasil = pd.DataFrame({"usulan": g.size()})
    for k in (SIAP, PERHATIAN, BELUM):
        hasil[k] = g["kelayakan"].apply(lambda s, k=k: int((s == k).sum()))
    hasil["persen_siap"] = hasil[SIAP] / hasil["usulan"] * 100
    for f in FAKTOR:
        hasil[f] = g[f].apply(lambda s: float((s == SIAP).mean() * 100))
    return hasil.reset_index().rename(columns={kolom: "kode"})
