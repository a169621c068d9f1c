"""The forum's own record in its berita acara (issue 16).

When and where, the facilitator team, attendance and inclusion figures (counts only, never
names), usulan per proposing group, and the minutes.

Data comes ready from :func:`geo.services.acara.catatan_forum`; this module does not touch the store.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.domain import acara as da
from geo.domain.definitions import TAHAP_FORUM
from geo.domain.format import angka, persen
from geo.render.dokumen import Dokumen
from geo.render.undangan import waktu_indonesia  # the same date wording as the invitation


@dataclass
class CatatanForum:
    """What the berita acara takes from the forum's record."""

    acara: dict  # nama, mulai, tempat, agenda, status
    fasilitator: pd.DataFrame  # nama, unit, peran (officials in their role)
    notulen: pd.DataFrame  # jenis, teks, usulan_id
    inklusi: da.Inklusi
    per_kelompok: pd.DataFrame  # kelompok, jumlah, usulan_id, ditebak


def _persen_atau_kosong(nilai: float | None) -> str:
    return "— (daftar hadir belum dicatat)" if nilai is None else persen(nilai)


def tulis_catatan(dok: Dokumen, c: CatatanForum) -> None:
    """Write the section "Pelaksanaan forum" (a new page): place and time, team, inclusion, minutes."""
    dok.add_page()
    dok.judul_bagian("Pelaksanaan forum", ukuran=12)
    dok.baris(f"Waktu: {waktu_indonesia(c.acara['mulai'])}", spasi=0.3)
    dok.baris(f"Tempat: {c.acara['tempat']}", spasi=0.3)
    if c.acara.get("agenda"):
        dok.baris(f"Acara: {c.acara['agenda']}", spasi=2)
    if len(c.fasilitator):
        dok.judul_bagian("Tim fasilitator", ukuran=10)
        dok.tabel(
            ["Peran", "Nama", "Unit kerja"],
            [30, 60, 90],
            [[da.PERAN_FASILITATOR.get(r.peran, r.peran), r.nama, r.unit or ""] for r in c.fasilitator.itertuples()],
            ukuran=8.5,
        )
    i = c.inklusi
    dok.judul_bagian("Kehadiran dan keterwakilan", ukuran=10)
    if i.hadir == 0:
        dok.baris("Daftar hadir belum dicatat di aplikasi: angka kehadiran dan keterwakilan belum tersedia.", spasi=2)
    else:
        kehadiran = "—" if i.persen_kehadiran is None else f"{persen(i.persen_kehadiran)} undangan hadir"
        dok.baris(
            f"Diundang {angka(i.diundang)} orang; hadir {angka(i.hadir)} orang ({kehadiran}; "
            f"{angka(i.hadir - i.hadir_diundang)} datang tanpa undangan).",
            spasi=0.5,
        )
        dok.baris(f"Perempuan: {angka(i.perempuan)} ({_persen_atau_kosong(i.persen_perempuan)})", spasi=0.3)
        dok.baris(
            f"Kelompok rentan (perempuan, anak, pemuda, disabilitas, lansia): {angka(i.rentan)} "
            f"({_persen_atau_kosong(i.persen_rentan)})",
            spasi=0.3,
        )
        if i.tidak_terwakili:
            tidak = ", ".join(da.KATEGORI_PESERTA[k][0] for k in i.tidak_terwakili)
            dok.baris(f"Kategori yang diharapkan tetapi tidak hadir: {tidak}", spasi=2)
    if len(c.per_kelompok):
        dok.judul_bagian("Usulan menurut kelompok pengusul", ukuran=10)
        dok.tabel(
            ["Kelompok", "Jumlah", "ID usulan"],
            [45, 15, 120],
            [[r.kelompok, angka(r.jumlah), ", ".join(map(str, r.usulan_id))] for r in c.per_kelompok.itertuples()],
            rata=["L", "R", "L"],
            ukuran=8,
        )
        ditebak = int(c.per_kelompok["ditebak"].sum()) if "ditebak" in c.per_kelompok else 0
        if ditebak:
            dok.baris(
                f"{ditebak} usulan dikelompokkan dari nama pengusulnya (jenis pengusul tercatat umum, mis. RT/RW).",
                spasi=2,
            )
    dok.judul_bagian("Notulen", ukuran=10)
    if c.notulen.empty:
        dok.baris("Notulen belum dicatat di aplikasi.", spasi=2)
    for jenis, label in da.JENIS_NOTULEN.items():
        bagian = c.notulen[c.notulen["jenis"] == jenis]
        if bagian.empty:
            continue
        dok.baris(label, tebal=True, spasi=0.5)
        for n, r in enumerate(bagian.itertuples(), start=1):
            rujukan = f" (usulan {', '.join(map(str, r.usulan_id))})" if len(r.usulan_id) else ""
            dok.baris(f"{n}. {r.teks}{rujukan}", ukuran=9.5, spasi=0.3)
        dok.ln(1.5)


def tabel_inklusi(inklusi: pd.DataFrame) -> pd.DataFrame:
    """The evaluation's participation table: one row per forum, shares formatted, "—" when not recorded.

    Parameters
    ----------
    inklusi : pandas.DataFrame
        :func:`geo.services.acara.tabel_inklusi` (counts only, no names).
    """

    def p(s: pd.Series) -> pd.Series:
        return s.map(lambda v: "—" if pd.isna(v) else persen(float(v)))

    return pd.DataFrame(
        {
            "Tahap": inklusi["tahap"].map(TAHAP_FORUM),
            "Forum": inklusi["forum"],
            "Tanggal": pd.to_datetime(inklusi["tanggal"]).dt.strftime("%d-%m-%Y"),
            "Status": inklusi["status"].map(da.STATUS_ACARA),
            "Diundang": inklusi["diundang"],
            "Hadir": inklusi["hadir"],
            "Kehadiran undangan": p(inklusi["persen_kehadiran"]),
            "Perempuan": p(inklusi["persen_perempuan"]),
            "Kelompok rentan": p(inklusi["persen_rentan"]),
            "Tidak terwakili": inklusi["tidak_terwakili"],
        }
    )
