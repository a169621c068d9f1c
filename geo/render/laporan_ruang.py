"""Exports of the conformity check: a table of conflicts (XLSX) and a map with the list (PDF)."""

from __future__ import annotations

import textwrap

import geopandas as gpd
import matplotlib
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from geo.domain import definitions as d
from geo.render.cetak import _skala, _utara, pdf
from geo.render.format import rupiah


def tabel_konflik(hasil: pd.DataFrame) -> pd.DataFrame:
    """One row per usulan: verdict, the reasons, land status and access, in Indonesian."""
    return pd.DataFrame(
        {
            "ID Usulan": hasil["id"],
            "Usulan": hasil["uraian"],
            "Desa/Kelurahan": hasil["desa"],
            "Kecamatan": hasil["kecamatan"],
            "Perangkat Daerah": hasil["opd"],
            "Tahap": hasil["tahap"].map(d.TAHAP_FORUM),
            "Perkiraan Biaya (Rp)": hasil["biaya"],
            "Kesesuaian": hasil["verdik"].map(lambda v: d.VERDIK[v].nama),
            "Kawasan lindung/LP2B/sempadan": hasil["lindung"].map({True: "Ya", False: "Tidak"}),
            "Alasan": hasil["alasan"].map(lambda a: " | ".join(a)),
            "Status lahan (peta)": hasil["catatan_lahan"],
            "Jarak ke jalan/permukiman (m)": hasil["jarak_akses_m"].round(0),
        }
    )


def xlsx_konflik(hasil: pd.DataFrame, judul: str) -> bytes:
    """XLSX with the conflicts table and a sheet stating the rule and the data version."""
    from geo.render.ekspor import xlsx_dengan_keterangan

    return xlsx_dengan_keterangan(
        tabel_konflik(hasil),
        "Kesesuaian",
        [
            judul,
            "Aturan: verdik terburuk dari zona RDTR (sel ITBX), kelas pola ruang RTRW dan overlay khusus; "
            f"zona yang memuat ≥ {d.ATURAN_KESESUAIAN['ambang_bagian'] * 100:.0f} % usulan menentukan.",
            f"Versi data tata ruang: {', '.join(sorted(set(hasil['versi_tata_ruang'])))}",
            "Peringatan dini Musrenbang, bukan pengganti KKPR.",
        ],
    )


def pdf_konflik(hasil: gpd.GeoDataFrame, wilayah: gpd.GeoDataFrame, pola: gpd.GeoDataFrame, judul: str) -> bytes:
    """A4 PDF: map of usulan by verdict over the pola ruang, then the list with the first reasons."""
    from geo.domain.crs import crs_utm

    crs = crs_utm(wilayah)
    fig = plt.figure(figsize=(11.69, 8.27))
    ax = fig.add_axes((0.03, 0.08, 0.66, 0.82))
    warna_pola = {k.kodkws: k.warna for k in d.POLA_RUANG}
    if len(pola):
        p = pola.to_crs(crs)
        p.plot(ax=ax, color=[warna_pola.get(k, "#dddddd") for k in p["kodkws"]], alpha=0.45, linewidth=0)
    wilayah.to_crs(crs).boundary.plot(ax=ax, color="#555555", linewidth=0.4)
    h = hasil.to_crs(crs)
    for v, info in d.VERDIK.items():
        s = h[h["verdik"] == v]
        if len(s):
            s.plot(ax=ax, color=info.warna, markersize=28, linewidth=2.4, edgecolor="#222222")
    ax.set_axis_off()
    ax.set_aspect("equal")
    minx, _, maxx, _ = wilayah.to_crs(crs).total_bounds
    _skala(ax, maxx - minx)
    _utara(ax)
    ada = [v for v in d.VERDIK if (hasil["verdik"] == v).any()]
    fig.legend(
        handles=[
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                color=d.VERDIK[v].warna,
                label=f"{d.VERDIK[v].nama} ({int((hasil['verdik'] == v).sum())})",
            )
            for v in ada
        ]
        + [
            Patch(color=warna_pola[k], alpha=0.45, label=k)
            for k in sorted(set(pola.get("kodkws", [])))
            if k in warna_pola
        ],
        loc="upper left",
        bbox_to_anchor=(0.71, 0.9),
        fontsize=9,
        title="Kesesuaian / pola ruang",
    )
    fig.text(0.03, 0.95, judul, fontsize=15, weight="bold")
    fig.text(
        0.03, 0.03, "Peringatan dini Musrenbang, bukan pengganti KKPR. Sumber: basis data PetaRencana.", fontsize=8
    )
    halaman = [fig]
    urut = hasil.assign(_t=hasil["verdik"].map(lambda v: -d.VERDIK[v].tingkat)).sort_values(["_t", "id"])
    baris = []
    for _, r in urut.iterrows():
        baris.append(
            (
                f"#{int(r['id'])} {d.VERDIK[r['verdik']].nama.upper()} — {r['desa']}: "
                f"{textwrap.shorten(str(r['uraian']), 60, placeholder='…')} ({rupiah(r['biaya'])})",
                True,
            )
        )
        for a in list(r["alasan"])[:2]:
            baris.append(("    " + textwrap.shorten(a, 150, placeholder="…"), False))
    for mulai in range(0, len(baris), 34):
        f = plt.figure(figsize=(11.69, 8.27))
        f.text(0.04, 0.95, f"{judul} — daftar", fontsize=12, weight="bold")
        y = 0.91
        for teks, tebal in baris[mulai : mulai + 34]:
            f.text(0.04, y, teks, fontsize=8, weight="bold" if tebal else "normal", va="top")
            y -= 0.025
        halaman.append(f)
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        return pdf(halaman)
