"""Exports of the conformity check: a table of conflicts (XLSX) and a map with the list (PDF).

The PDF is drawn with fpdf2 (searchable text, the full reasons in a wrapping table whose
header repeats on every page); the map inside it is a matplotlib figure made with the
object API and placed as a PNG.
"""

from __future__ import annotations

import datetime

import geopandas as gpd
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from geo.domain import definitions as d
from geo.domain.crs import crs_utm
from geo.domain.format import angka, persen
from geo.render.cetak import _skala, _utara, kanvas, png
from geo.render.dokumen import Dokumen, tanggal_indonesia
from geo.render.ekspor import xlsx_dengan_keterangan

#: Columns of the conflicts list: header, relative width, alignment.
KOLOM_DAFTAR = (
    ("No", 7, "R"),
    ("ID", 13, "L"),
    ("Kesesuaian", 24, "L"),
    ("Desa/Kel. (Kec.)", 32, "L"),
    ("Usulan", 58, "L"),
    ("Biaya (Rp)", 26, "R"),
    ("Alasan", 107, "L"),
)
CATATAN = "Peringatan dini Musrenbang, bukan pengganti KKPR. Sumber: basis data PetaRencana."


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
    return xlsx_dengan_keterangan(
        tabel_konflik(hasil),
        "Kesesuaian",
        [
            judul,
            _aturan(),
            f"Versi data tata ruang: {', '.join(sorted(set(hasil['versi_tata_ruang'])))}",
            "Peringatan dini Musrenbang, bukan pengganti KKPR.",
        ],
        judul_di_lembar=True,
    )


def _aturan() -> str:
    """The rule sentence shared by the XLSX notes and the PDF."""
    return (
        "Aturan: verdik terburuk dari zona RDTR (sel ITBX), kelas pola ruang RTRW dan overlay khusus; "
        f"zona yang memuat ≥ {persen(d.ATURAN_KESESUAIAN['ambang_bagian'] * 100, 0)} usulan menentukan."
    )


def gambar_peta_konflik(
    hasil: gpd.GeoDataFrame,
    wilayah: gpd.GeoDataFrame,
    pola: gpd.GeoDataFrame,
    ukuran: tuple[float, float] = (10.6, 6.3),
) -> bytes:
    """Map of usulan by verdict over the pola ruang, with its legend, as PNG bytes.

    Parameters
    ----------
    hasil : GeoDataFrame
        Conformity results (``verdik`` per usulan geometry).
    wilayah : GeoDataFrame
        Boundaries drawn as thin lines (e.g. kecamatan).
    pola : GeoDataFrame
        Pola ruang polygons with ``kodkws``.
    ukuran : tuple of float
        Figure size in inches.

    Returns
    -------
    bytes
        The PNG (150 dpi).
    """
    crs = crs_utm(wilayah.to_crs(4326))
    fig = kanvas(ukuran)
    ax = fig.add_axes((0.0, 0.0, 0.7, 1.0))
    warna_pola = {k.kodkws: k.warna for k in d.POLA_RUANG}
    if len(pola):
        p = pola.to_crs(crs)
        p.plot(ax=ax, color=[warna_pola.get(k, "#dddddd") for k in p["kodkws"]], alpha=0.45, linewidth=0)
    wil = wilayah.to_crs(crs)
    wil.boundary.plot(ax=ax, color="#555555", linewidth=0.4)
    if len(hasil):
        h = hasil.to_crs(crs)
        for v, info in d.VERDIK.items():
            s = h[h["verdik"] == v]
            if len(s):
                s.plot(ax=ax, color=info.warna, markersize=28, linewidth=2.4, edgecolor="#222222")
    ax.set_axis_off()
    ax.set_aspect("equal")
    minx, _, maxx, _ = wil.total_bounds
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
        bbox_to_anchor=(0.72, 0.98),
        fontsize=8,
        title="Kesesuaian / pola ruang",
        title_fontsize=9,
    )
    return png(fig, dpi=150)


def _baris_daftar(hasil: pd.DataFrame) -> list[list[str]]:
    """One row per usulan, worst verdict first, with every reason in full."""
    urut = hasil.assign(_t=hasil["verdik"].map(lambda v: -d.VERDIK[v].tingkat)).sort_values(["_t", "id"])
    baris = []
    for no, (_, r) in enumerate(urut.iterrows(), start=1):
        alasan = [str(a) for a in list(r["alasan"])]
        wilayah = str(r["desa"]) + (
            f" (Kec. {r['kecamatan']})" if "kecamatan" in r and pd.notna(r["kecamatan"]) else ""
        )
        baris.append(
            [
                str(no),
                f"#{int(r['id'])}",
                d.VERDIK[r["verdik"]].nama,
                wilayah,
                str(r["uraian"]),
                angka(r["biaya"]),
                "\n".join(f"• {a}" for a in alasan) if alasan else "–",
            ]
        )
    return baris


def pdf_konflik(hasil: gpd.GeoDataFrame, wilayah: gpd.GeoDataFrame, pola: gpd.GeoDataFrame, judul: str) -> bytes:
    """A4 landscape PDF: map of usulan by verdict over the pola ruang, then the list with every reason.

    Parameters
    ----------
    hasil : GeoDataFrame
        Conformity results shown (id, uraian, desa, kecamatan, biaya, verdik, alasan, geometry).
    wilayah : GeoDataFrame
        Boundaries drawn on the map (e.g. kecamatan).
    pola : GeoDataFrame
        Pola ruang polygons with ``kodkws``.
    judul : str
        Title.

    Returns
    -------
    bytes
        The PDF (searchable text; the list's header row repeats on every page).
    """
    hari_ini = tanggal_indonesia(datetime.date.today())
    dok = Dokumen(judul, orientasi="L", catatan_kaki=f"PetaRencana · dicetak {hari_ini}")
    dok.add_page()
    dok.baris(judul, ukuran=15, tebal=True, spasi=1)
    ringkas = ", ".join(
        f"{info.nama}: {angka(int((hasil['verdik'] == v).sum()))}"
        for v, info in d.VERDIK.items()
        if (hasil["verdik"] == v).any()
    )
    dok.baris(f"{angka(len(hasil))} usulan ditampilkan. {ringkas}.", ukuran=9, spasi=2)
    if len(wilayah):
        dok.gambar(gambar_peta_konflik(hasil, wilayah, pola), tinggi_maks=dok.h - dok.b_margin - dok.get_y() - 14)
    dok.baris(CATATAN, ukuran=8, warna=(70, 70, 70), spasi=0.5)
    dok.baris(_aturan(), ukuran=8, warna=(70, 70, 70))
    dok.add_page()
    dok.baris(f"{judul} — daftar", ukuran=12, tebal=True, spasi=2)
    dok.tabel(
        [k[0] for k in KOLOM_DAFTAR],
        [k[1] for k in KOLOM_DAFTAR],
        _baris_daftar(hasil),
        rata=[k[2] for k in KOLOM_DAFTAR],
        ukuran=7.5,
        kosong="Tidak ada usulan.",
    )
    return dok.hasil()
