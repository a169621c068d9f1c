"""Traceability both ways (issue 15): an usulan from desa to realisasi, and a DPA line back to its usulan.

Pure: no I/O. :func:`jejak_usulan` is the ONE function that answers "what happened to my
proposal?": the forum tiers (:func:`geo.domain.lacak.jalur_usulan`: desa → kecamatan → forum PD →
kabupaten) followed by the budget steps DIPA line → Renja → RKPD → DPA line → realisasi. The
working app (DIPA & Renja page) and the public Lacak Usulan page both call it. Only public
fields are shown: codes and names of lines, amounts, months — no person's name.
"""

from __future__ import annotations

import pandas as pd

from geo.domain.anggaran import ASAL_RENJA
from geo.domain.format import rupiah
from geo.domain.lacak import didanai, jalur_usulan, progres_terakhir

#: The budget steps after the forum tiers, in order.
TAHAP_ANGGARAN: tuple[str, ...] = ("DIPA Musrenbang", "Renja perangkat daerah", "RKPD", "DPA", "Realisasi")
KOLOM = ["Tahap", "Keputusan", "Alasan", "Tanggal"]


def _rp(v: float) -> str:
    return rupiah(v)


def jejak_usulan(
    tahap: str,
    status: str,
    keputusan: pd.DataFrame,
    anggaran: dict[str, pd.DataFrame] | None = None,
    opd: str | None = None,
    kode_sub_kegiatan: str | None = None,
) -> pd.DataFrame:
    """The full path of one usulan: forum tiers, then DIPA line, Renja, RKPD, DPA line and realisasi.

    Parameters
    ----------
    tahap, status, keputusan
        As :func:`geo.domain.lacak.jalur_usulan`.
    anggaran : dict, optional
        ``renja`` (lines naming the usulan: ``id``, ``tahun``, ``opd``, ``kode_sub_kegiatan``,
        ``nama_sub_kegiatan``, ``pagu_indikatif``), ``dpa`` (``renja_id``, ``versi``, ``jenis``,
        ``berlaku_bulan``, ``pagu``) and ``realisasi`` (monthly rows), from
        :func:`geo.store.renja.jejak_con`.
    opd, kode_sub_kegiatan : str, optional
        The usulan's OPD and the sub-kegiatan of its kamus item (its DIPA line ``OPD|sub-kegiatan``);
        without it, the sub-kegiatan is read from ``anggaran["sub"]`` (``kode_sub_kegiatan``) when given.

    Returns
    -------
    DataFrame
        ``Tahap``, ``Keputusan``, ``Alasan``, ``Tanggal``: one row per step; a step not reached says so.

    Examples
    --------
    >>> k = pd.DataFrame({"tahap": ["kabupaten"], "status": ["diterima"], "alasan": ["Prioritas"],
    ...                   "waktu": pd.to_datetime(["2026-03-01"])})
    >>> a = {"renja": pd.DataFrame({"id": [4], "tahun": [2026], "opd": ["Dinas A"],
    ...      "kode_sub_kegiatan": ["1.03.10.2.01.0001"], "nama_sub_kegiatan": ["Rehabilitasi Jalan"],
    ...      "pagu_indikatif": [5e8]}),
    ...      "dpa": pd.DataFrame({"renja_id": [4], "versi": [1], "jenis": ["murni"], "berlaku_bulan": [1],
    ...      "pagu": [5e8]}),
    ...      "realisasi": pd.DataFrame({"tahun": [2026], "bulan": [3], "rencana_fisik": [20.0],
    ...      "realisasi_fisik": [18.0]})}
    >>> jejak_usulan("kabupaten", "diterima", k, a, "Dinas A", "1.03.10.2.01.0001")["Tahap"].tolist()[-5:]
    ['DIPA Musrenbang', 'Renja perangkat daerah', 'RKPD', 'DPA', 'Realisasi']
    """
    jalur = jalur_usulan(tahap, status, keputusan)
    baris: list[dict] = []

    def tambah(t: str, keputusan_: str, alasan: str = "") -> None:
        baris.append({"Tahap": t, "Keputusan": keputusan_, "Alasan": alasan, "Tanggal": None})

    if not didanai(tahap, status):
        for t in TAHAP_ANGGARAN:
            tambah(t, "Belum sampai tahap ini")
        return pd.concat([jalur, pd.DataFrame(baris, columns=KOLOM)], ignore_index=True)
    a = anggaran or {}
    if kode_sub_kegiatan is None:
        sub = a.get("sub", pd.DataFrame())
        if len(sub) and pd.notna(sub["kode_sub_kegiatan"].iloc[0]):
            kode_sub_kegiatan = str(sub["kode_sub_kegiatan"].iloc[0])
    ren = a.get("renja", pd.DataFrame())
    dpa = a.get("dpa", pd.DataFrame())
    real = a.get("realisasi", pd.DataFrame())
    if kode_sub_kegiatan:
        tambah("DIPA Musrenbang", "Tercantum", f"baris {opd} | sub-kegiatan {kode_sub_kegiatan}")
    else:
        tambah("DIPA Musrenbang", "Belum dipadankan", "item kamus belum dipadankan ke sub-kegiatan")
    if ren.empty:
        for t in TAHAP_ANGGARAN[1:]:
            tambah(t, "Belum ada", "belum dimasukkan ke Renja perangkat daerah")
        return pd.concat([jalur, pd.DataFrame(baris, columns=KOLOM)], ignore_index=True)
    for r in ren.itertuples():
        tambah(
            "Renja perangkat daerah",
            f"Baris Renja #{int(r.id)}",
            f"{r.opd} · {r.kode_sub_kegiatan} {r.nama_sub_kegiatan or ''} · pagu indikatif {_rp(r.pagu_indikatif)}",
        )
        tambah("RKPD", f"Tercantum (RKPD {int(r.tahun)})", f"baris #{int(r.id)}")
        d = dpa[dpa["renja_id"] == r.id] if len(dpa) else dpa
        if d.empty:
            tambah("DPA", "Belum ada", "belum ditetapkan dalam DPA")
        for v in d.itertuples():
            tambah(
                "DPA",
                f"DPA versi {int(v.versi)} ({v.jenis})",
                f"berlaku sejak bulan {int(v.berlaku_bulan)} · pagu {_rp(v.pagu)}",
            )
    akhir = progres_terakhir(real) if len(real) else None
    if akhir is None:
        tambah("Realisasi", "Belum melapor", "belum ada laporan kemajuan")
    else:
        tambah(
            "Realisasi",
            f"Fisik {akhir['realisasi_fisik']:.1f} %".replace(".", ","),
            f"laporan terakhir bulan {akhir['bulan']} tahun {akhir['tahun']}",
        )
    return pd.concat([jalur, pd.DataFrame(baris, columns=KOLOM)], ignore_index=True)


def asal_baris(asal: str, usulan: list[int]) -> str:
    """Reverse trace of a Renja/DPA line: the usulan it answers, or its technocratic/pokir origin.

    >>> asal_baris("musrenbang", [3, 9]), asal_baris("pokir", [])
    ('usulan #3, #9', 'Pokok pikiran DPRD (bukan usulan Musrenbang)')
    >>> asal_baris("musrenbang", [])
    'TIDAK TERTELUSUR: baris Musrenbang tanpa usulan'
    """
    if len(usulan):
        return ", ".join(f"#{int(i)}" for i in usulan).join(("usulan ", ""))
    if asal in ("teknokratis", "pokir"):
        return f"{ASAL_RENJA[asal]} (bukan usulan Musrenbang)"
    return "TIDAK TERTELUSUR: baris Musrenbang tanpa usulan"
