"""Print-ready maps rendered on the server with matplotlib (works offline).

A4 landscape, title, legend (with the hatched "tidak ada data" class), scale bar, north
arrow, data source and print date. :func:`buku_peta` makes a multi-page PDF: the
kabupaten first, then one page per kecamatan.
"""

from __future__ import annotations

import datetime
import io
import math

import geopandas as gpd
import matplotlib
import matplotlib.patheffects

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.patches import Patch, Rectangle

from geo.domain.tematik import WARNA_TANPA_DATA, Kelas

A4_LANSKAP = (11.69, 8.27)


def _skala(ax, lebar_m: float) -> None:
    """Scale bar of a round length (1, 2 or 5 × 10^n m), about a fifth of the map width."""
    target = lebar_m / 5
    pangkat = 10 ** math.floor(math.log10(target))
    panjang = max(b * pangkat for b in (1, 2, 5) if b * pangkat <= target)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x, y, tinggi = x0 + 0.04 * (x1 - x0), y0 + 0.04 * (y1 - y0), 0.012 * (y1 - y0)
    for i in range(2):
        ax.add_patch(
            Rectangle(
                (x + i * panjang / 2, y),
                panjang / 2,
                tinggi,
                facecolor="black" if i == 0 else "white",
                edgecolor="black",
                linewidth=0.8,
                zorder=5,
            )
        )
    teks = f"{panjang / 1000:g} km" if panjang >= 1000 else f"{panjang:g} m"
    ax.text(x, y + tinggi * 1.8, "0", ha="center", va="bottom", fontsize=9, zorder=5)
    ax.text(x + panjang, y + tinggi * 1.8, teks, ha="center", va="bottom", fontsize=9, zorder=5)


def _utara(ax) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x, y = x1 - 0.05 * (x1 - x0), y1 - 0.14 * (y1 - y0)
    ax.annotate(
        "U",
        xy=(x, y + 0.09 * (y1 - y0)),
        xytext=(x, y),
        ha="center",
        va="center",
        fontsize=12,
        fontweight="bold",
        arrowprops={"facecolor": "black", "width": 4, "headwidth": 12},
        zorder=6,
    )


def gambar_peta(
    gdf: gpd.GeoDataFrame,
    kelas_per_fitur: list[int],
    kelas: Kelas,
    judul: str,
    sumber: str,
    label: gpd.GeoDataFrame | None = None,
    sorot: gpd.GeoDataFrame | None = None,
) -> plt.Figure:
    """Draw one printable choropleth page.

    Parameters
    ----------
    gdf : GeoDataFrame
        Polygons (any CRS with EPSG code; drawn in their local UTM zone so the scale bar is true).
    kelas_per_fitur : list of int
        Class index of each polygon (-1 = no data).
    kelas : Kelas
        Colours and legend labels.
    judul : str
        Title.
    sumber : str
        Data source line.
    label : GeoDataFrame, optional
        Polygons whose ``nama`` is written on the map (e.g. kecamatan).
    sorot : GeoDataFrame, optional
        Outline drawn thick on top (e.g. the kecamatan of a map-book page).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from geo.domain.crs import crs_utm

    crs = crs_utm(gdf.to_crs(4326))
    g = gdf.to_crs(crs)
    fig, ax = plt.subplots(figsize=A4_LANSKAP)
    fig.subplots_adjust(left=0.03, right=0.74, top=0.9, bottom=0.08)
    warna = [WARNA_TANPA_DATA if k < 0 else kelas.warna[k] for k in kelas_per_fitur]
    g.plot(ax=ax, color=warna, edgecolor="#444444", linewidth=0.4)
    tanpa_data = [k < 0 for k in kelas_per_fitur]
    if any(tanpa_data):
        g[tanpa_data].plot(ax=ax, facecolor=WARNA_TANPA_DATA, edgecolor="#444444", linewidth=0.4, hatch="////")
    if sorot is not None:
        sorot.to_crs(crs).boundary.plot(ax=ax, color="black", linewidth=2.2)
    if label is not None:
        for _, r in label.to_crs(crs).iterrows():
            p = r.geometry.representative_point()
            ax.text(
                p.x,
                p.y,
                r["nama"],
                ha="center",
                va="center",
                fontsize=8,
                fontweight="bold",
                path_effects=[matplotlib.patheffects.withStroke(linewidth=2.5, foreground="white")],
            )
    ax.set_axis_off()
    ax.set_aspect("equal")
    minx, _miny, maxx, _maxy = g.total_bounds
    _skala(ax, maxx - minx)
    _utara(ax)
    fig.suptitle(judul, fontsize=16, fontweight="bold", x=0.03, ha="left")
    tangan = [
        Patch(facecolor=w, edgecolor="#444444", label=f"{lab} ({n})")
        for w, lab, n in zip(kelas.warna, kelas.label, kelas.jumlah, strict=True)
    ]
    tanpa = sum(1 for k in kelas_per_fitur if k < 0)
    if tanpa:
        tangan.append(
            Patch(facecolor=WARNA_TANPA_DATA, edgecolor="#444444", hatch="////", label=f"tidak ada data ({tanpa})")
        )
    fig.legend(
        handles=tangan,
        loc="upper left",
        bbox_to_anchor=(0.76, 0.88),
        fontsize=10,
        frameon=False,
        title="Legenda",
        title_fontsize=12,
        alignment="left",
    )
    tanggal = datetime.date.today().strftime("%d-%m-%Y")
    fig.text(
        0.03,
        0.03,
        f"Sumber: {sumber} · Dicetak {tanggal} dengan PetaRencana · proyeksi {crs}",
        fontsize=8,
        color="#333333",
    )
    return fig


def png(fig: plt.Figure, dpi: int = 200) -> bytes:
    """Render a figure to PNG bytes (closes it)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()


def pdf(figs: list[plt.Figure]) -> bytes:
    """Render figures as the pages of one PDF (closes them)."""
    buf = io.BytesIO()
    with PdfPages(buf) as halaman:
        for fig in figs:
            halaman.savefig(fig)
            plt.close(fig)
    return buf.getvalue()


def buku_peta(
    desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame, kelas_desa: list[int], kelas: Kelas, judul: str, sumber: str
) -> bytes:
    """A multi-page PDF "buku peta": the whole kabupaten, then one page per kecamatan.

    Parameters
    ----------
    desa : GeoDataFrame
        Desa polygons with ``kode`` (same order as ``kelas_desa``).
    kecamatan : GeoDataFrame
        Kecamatan polygons with ``kode`` and ``nama``.
    kelas_desa : list of int
        Class of each desa (-1 = no data), from one classification for the whole
        kabupaten so colours mean the same on every page.
    kelas : Kelas
        That classification.
    judul : str
        Map title.
    sumber : str
        Data source line.

    Returns
    -------
    bytes
        The PDF.
    """
    halaman = [gambar_peta(desa, kelas_desa, kelas, judul, sumber, label=kecamatan)]
    kode_kec = desa["kode"].str[:8].values
    for _, kec in kecamatan.sort_values("kode").iterrows():
        pilih = kode_kec == kec["kode"]
        sub = desa[pilih]
        halaman.append(
            gambar_peta(
                sub,
                [k for k, p in zip(kelas_desa, pilih, strict=True) if p],
                kelas,
                f"{judul} — Kecamatan {kec['nama']}",
                sumber,
                label=sub.assign(nama=sub["nama"]),
                sorot=kecamatan[kecamatan["kode"] == kec["kode"]],
            )
        )
    return pdf(halaman)
