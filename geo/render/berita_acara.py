"""Berita acara (minutes) of a forum as a PDF, rendered offline with matplotlib.

It holds the agreed priorities grouped by OPD, the usulan not agreed, totals against the
pagu, and a map.
"""

from __future__ import annotations

import datetime
import textwrap
from dataclasses import dataclass

import geopandas as gpd
import matplotlib
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D

from geo.domain import definitions
from geo.domain.prioritas import JENIS_PAGU, KELOMPOK_FORUM
from geo.render.cetak import _skala, _utara, pdf
from geo.render.format import angka, rupiah
from geo.store import kueri

A4_POTRET = (8.27, 11.69)
BARIS_PER_HALAMAN = 30
WARNA_SEPAKAT, WARNA_BELUM = "#1b9e77", "#d95f02"


@dataclass
class DataBeritaAcara:
    """Everything the minutes show, gathered from the store."""

    judul: str
    nama_forum: str
    tahun: int
    tahap: str
    prioritas: gpd.GeoDataFrame  # agreed at this tier (diterima)
    belum: gpd.GeoDataFrame  # rejected, deferred, returned, or not yet discussed
    pagu: float | None
    wilayah: gpd.GeoDataFrame  # desa of the forum's area, for the map


def data_berita_acara(gudang, kode_kabupaten: str, tahun: int, tahap: str, kode_forum: str) -> DataBeritaAcara:
    """Collect a forum's usulan: those at the tier now or decided there, split by outcome.

    Parameters
    ----------
    gudang : geo.store.db.Gudang
        The store.
    kode_kabupaten : str
        Dotted code of the kabupaten.
    tahun : int
        Budget year.
    tahap : str
        The forum's tier.
    kode_forum : str
        The forum: a desa code (desa tier), a kecamatan code (kecamatan tier), an OPD name
        (forum perangkat daerah and kabupaten tiers) or ``*`` for the whole tier.
    """
    kep = kueri.keputusan_forum(gudang, kode_kabupaten, tahun, tahap)
    semua = kueri.usulan_gdf(gudang, kode_kabupaten, tahun)
    di_sini = semua[(semua["tahap"] == tahap) | semua["id"].isin(kep["id"])].merge(
        kep[["id", "keputusan", "alasan"]], on="id", how="left"
    )
    kolom = KELOMPOK_FORUM[tahap]
    if kode_forum != "*":
        di_sini = di_sini[di_sini[kolom].astype(str) == kode_forum]
    di_sini["keputusan"] = di_sini["keputusan"].fillna("diajukan")
    di_sini["alasan"] = di_sini["alasan"].fillna("belum dibahas")
    sepakat = di_sini["keputusan"] == "diterima"
    wil = kueri.wilayah_gdf(gudang, kode_kabupaten, "desa")
    if kode_forum != "*" and kolom in ("kode_desa", "kode_kecamatan"):
        wil = wil[wil["kode"].str.startswith(kode_forum)]
    nama = kode_forum
    if kolom in ("kode_desa", "kode_kecamatan") and kode_forum != "*":
        tingkat = "desa" if kolom == "kode_desa" else "kecamatan"
        w = kueri.wilayah_gdf(gudang, kode_kabupaten, tingkat)
        nama = f"{definitions.TINGKAT_WILAYAH[tingkat]} {w.set_index('kode').at[kode_forum, 'nama']}"
    elif kode_forum == "*":
        nama = "seluruh kabupaten/kota"
    jenis = JENIS_PAGU[tahap]
    pagu_forum = kueri.pagu(gudang, tahun, jenis)
    semua_pagu = sum(pagu_forum.values()) if pagu_forum else None
    nilai_pagu = semua_pagu if kode_forum == "*" else pagu_forum.get(kode_forum)
    return DataBeritaAcara(
        judul=f"{definitions.TAHAP_FORUM[tahap]} — {nama}",
        nama_forum=nama,
        tahun=tahun,
        tahap=tahap,
        prioritas=di_sini[sepakat].sort_values(["opd", "biaya"], ascending=[True, False]),
        belum=di_sini[~sepakat].sort_values(["keputusan", "opd", "id"]),
        pagu=nilai_pagu,
        wilayah=wil,
    )


def _potong(teks: str, lebar: int) -> str:
    return textwrap.shorten(str(teks), width=lebar, placeholder="…")


def _halaman_teks(judul: str, baris: list[tuple[str, dict]], nomor: str) -> plt.Figure:
    """One portrait page of text lines: (text, style) pairs laid out top to bottom."""
    fig = plt.figure(figsize=A4_POTRET)
    fig.text(0.5, 0.965, judul, ha="center", va="top", fontsize=10, color="#444444")
    y = 0.93
    for teks, gaya in baris:
        fig.text(gaya.get("x", 0.07), y, teks, va="top", **{k: v for k, v in gaya.items() if k not in ("x", "_spasi")})
        y -= gaya.get("_spasi", 0.026)
    fig.text(0.93, 0.025, nomor, ha="right", fontsize=8, color="#666666")
    return fig


def _tabel(judul_halaman: str, judul: str, df: pd.DataFrame, dengan_alasan: bool) -> list[plt.Figure]:
    """Paged table of usulan grouped by OPD: No, ID, desa, usulan, volume, biaya (and reason)."""
    halaman: list[plt.Figure] = []
    baris: list[tuple] = []
    for opd, grup in df.groupby("opd", sort=True):
        baris.append(("opd", f"{opd} — {len(grup)} usulan, {rupiah(grup['biaya'].sum())}"))
        for no, (_, r) in enumerate(grup.iterrows(), start=1):
            baris.append(("usulan", no, r))
    if not baris:
        baris.append(("kosong", "Tidak ada usulan."))
    for mulai in range(0, len(baris), BARIS_PER_HALAMAN):
        fig = plt.figure(figsize=A4_POTRET)
        fig.text(0.5, 0.965, judul_halaman, ha="center", va="top", fontsize=9, color="#444444")
        fig.text(0.06, 0.935, judul, va="top", fontsize=13, weight="bold")
        y = 0.9
        if dengan_alasan:
            kol = [(0.06, "No"), (0.1, "ID"), (0.17, "Desa/Kel."), (0.31, "Usulan"), (0.6, "Keputusan — alasan")]
        else:
            kol = [(0.06, "No"), (0.1, "ID"), (0.17, "Desa/Kel."), (0.33, "Usulan"), (0.67, "Volume")]
        for x, teks in [*kol, (0.94, "Biaya (Rp)")]:
            fig.text(x, y, teks, fontsize=8, weight="bold", ha="right" if x > 0.9 else "left")
        y -= 0.008
        fig.add_artist(Line2D([0.06, 0.94], [y, y], color="#333333", lw=0.8))
        y -= 0.012
        for item in baris[mulai : mulai + BARIS_PER_HALAMAN]:
            if item[0] == "opd":
                fig.text(0.06, y, item[1], fontsize=8.5, weight="bold", va="top", color="#1f4e79")
            elif item[0] == "kosong":
                fig.text(0.06, y, item[1], fontsize=9, va="top")
            else:
                _, no, r = item
                if dengan_alasan:
                    isi = (
                        _potong(r["uraian"], 38),
                        _potong(f"{definitions.STATUS_USULAN[r['keputusan']]}: {r['alasan']}", 40),
                    )
                else:
                    isi = (_potong(r["uraian"], 58), f"{angka(r['volume'])} {r['satuan']}")
                nilai = (str(no), f"#{int(r['id'])}", _potong(r["desa"], 22), *isi)
                for (x, _), teks in zip(kol, nilai, strict=True):
                    fig.text(x, y, teks, fontsize=7.5 if not dengan_alasan else 7, va="top")
                fig.text(0.94, y, angka(r["biaya"]), fontsize=7.5, va="top", ha="right")
            y -= 0.027
        halaman.append(fig)
    return halaman


def _peta(data: DataBeritaAcara) -> plt.Figure:
    """Map page: the forum's desa, agreed usulan in green, the others in orange."""
    from geo.domain.crs import crs_utm

    fig = plt.figure(figsize=A4_POTRET)
    ax = fig.add_axes((0.06, 0.12, 0.88, 0.76))
    crs = crs_utm(data.wilayah)
    wil = data.wilayah.to_crs(crs)
    wil.plot(ax=ax, color="#f2f2f2", edgecolor="#888888", linewidth=0.5)
    for gdf, warna, nama in (
        (data.belum, WARNA_BELUM, "Belum disepakati"),
        (data.prioritas, WARNA_SEPAKAT, "Usulan prioritas (disepakati)"),
    ):
        if not gdf.empty:
            g = gdf.to_crs(crs)
            g.plot(ax=ax, color=warna, markersize=45, linewidth=2.5, edgecolor="#222222", label=nama)
    ax.set_axis_off()
    ax.set_aspect("equal")
    minx, _, maxx, _ = wil.total_bounds
    _skala(ax, maxx - minx)
    _utara(ax)
    ax.legend(
        handles=[
            Line2D([], [], marker="o", ls="", color=WARNA_SEPAKAT, label=f"Disepakati ({len(data.prioritas)})"),
            Line2D([], [], marker="o", ls="", color=WARNA_BELUM, label=f"Belum disepakati ({len(data.belum)})"),
        ],
        loc="lower left",
        fontsize=9,
        frameon=True,
    )
    fig.text(0.5, 0.95, f"Peta usulan — {data.judul}", ha="center", fontsize=13, weight="bold")
    fig.text(0.5, 0.925, f"Tahun anggaran {data.tahun}", ha="center", fontsize=10)
    fig.text(
        0.06, 0.06, "Batas wilayah dan lokasi usulan: basis data PetaRencana. EPSG:" + crs.split(":")[1], fontsize=8
    )
    return fig


def pdf_berita_acara(data: DataBeritaAcara, tanggal: datetime.date | None = None) -> bytes:
    """Render the minutes: a cover page with totals vs pagu, the two lists, and the map.

    Returns
    -------
    bytes
        The PDF (text is real text: fonts embedded as TrueType, so it can be searched).
    """
    tanggal = tanggal or datetime.date.today()
    t_prior, t_belum = data.prioritas["biaya"].sum(), data.belum["biaya"].sum()
    judul_halaman = f"Berita Acara {data.judul} · Tahun Anggaran {data.tahun}"
    ringkas = [
        ("BERITA ACARA", {"fontsize": 18, "weight": "bold", "x": 0.5, "ha": "center", "_spasi": 0.04}),
        (data.judul, {"fontsize": 13, "x": 0.5, "ha": "center", "_spasi": 0.03}),
        (f"Tahun Anggaran {data.tahun}", {"fontsize": 11, "x": 0.5, "ha": "center", "_spasi": 0.06}),
        (
            f"Pada tanggal {tanggal:%d-%m-%Y} telah dilaksanakan {definitions.TAHAP_FORUM[data.tahap]} untuk "
            f"{data.nama_forum}.",
            {"fontsize": 10},
        ),
        ("Forum menyepakati daftar usulan prioritas terlampir. Ringkasan:", {"fontsize": 10, "_spasi": 0.045}),
        (f"Usulan prioritas disepakati: {angka(len(data.prioritas))} usulan, {rupiah(t_prior)}", {"fontsize": 10}),
        (f"Usulan belum disepakati: {angka(len(data.belum))} usulan, {rupiah(t_belum)}", {"fontsize": 10}),
    ]
    if data.pagu is not None:
        selisih = data.pagu - t_prior
        ringkas += [
            (f"Pagu indikatif: {rupiah(data.pagu)}", {"fontsize": 10}),
            (
                f"{'Sisa pagu' if selisih >= 0 else 'Melebihi pagu'}: {rupiah(abs(selisih))} "
                f"({angka(t_prior / data.pagu * 100, 1) if data.pagu else '–'} % pagu terpakai)",
                {"fontsize": 10, "weight": "bold", "color": "#000000" if selisih >= 0 else "#b00020"},
            ),
        ]
    else:
        ringkas.append(("Pagu indikatif: tidak ditetapkan untuk forum ini", {"fontsize": 10}))
    per_opd = data.prioritas.groupby("opd")["biaya"].agg(["size", "sum"])
    ringkas.append(("", {"_spasi": 0.02}))
    ringkas.append(("Rekap usulan prioritas per perangkat daerah:", {"fontsize": 10, "weight": "bold"}))
    for opd, r in per_opd.iterrows():
        ringkas.append((f"• {opd}: {angka(r['size'])} usulan, {rupiah(r['sum'])}", {"fontsize": 9}))
    ringkas += [("", {"_spasi": 0.05}), ("Yang menyepakati,", {"fontsize": 10, "_spasi": 0.09})]
    ringkas.append(("Pimpinan sidang                    Notulis                    Wakil peserta", {"fontsize": 10}))
    ringkas.append(
        (
            "(.........................)       (.........................)       (.........................)",
            {"fontsize": 10},
        )
    )
    halaman = [_halaman_teks(judul_halaman, ringkas, "hal. 1")]
    halaman += _tabel(
        judul_halaman, "Lampiran 1. Daftar usulan prioritas (per perangkat daerah)", data.prioritas, False
    )
    halaman += _tabel(judul_halaman, "Lampiran 2. Daftar usulan belum disepakati", data.belum, True)
    halaman.append(_peta(data))
    for i, fig in enumerate(halaman[1:], start=2):
        fig.text(0.93, 0.025, f"hal. {i}", ha="right", fontsize=8, color="#666666")
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        return pdf(halaman)
