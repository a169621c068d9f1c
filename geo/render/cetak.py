"""Print-ready maps rendered on the server with matplotlib (works offline).

A4 landscape, title, legend (with the hatched "tidak ada data" class), scale bar, north
arrow, data source and print date. :func:`buku_peta` makes a multi-page PDF: the
kabupaten first, then one page per kecamatan.

Figures are made with matplotlib's object API (:class:`~matplotlib.figure.Figure` on an
Agg canvas), never with ``pyplot``: pyplot keeps global state and is not safe from the
web server's threads. Font sizes are passed explicitly; ``rcParams`` are never changed.
"""

from __future__ import annotations

import datetime
import io
import math

import geopandas as gpd
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.patheffects import withStroke

from geo.domain.crs import crs_utm
from geo.domain.tematik import WARNA_TANPA_DATA, Kelas

A4_LANSKAP = (11.69, 8.27)


def kanvas(figsize: tuple[float, float]) -> Figure:
    """Return a new figure on its own Agg canvas (no pyplot, nothing shared between threads).

    Parameters
    ----------
    figsize : tuple of float
        Width and height in inches.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig


def label_halo(ax, gdf: gpd.GeoDataFrame, ukuran: float = 8, tebal: bool = True) -> None:
    """Write each polygon's ``nama`` at a representative point, with a white halo.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The map axes (same CRS as ``gdf``).
    gdf : GeoDataFrame
        Polygons with a ``nama`` column.
    ukuran : float
        Font size in points.
    tebal : bool
        Bold text.
    """
    for nama, geom in zip(gdf["nama"], gdf.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        p = geom.representative_point()
        ax.text(
            p.x,
            p.y,
            str(nama),
            ha="center",
            va="center",
            fontsize=ukuran,
            fontweight="bold" if tebal else "normal",
            path_effects=[withStroke(linewidth=2.5 if tebal else 2, foreground="white")],
            zorder=4,
        )


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
    """North arrow with "U" (utara) in the upper right corner of the map."""
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
) -> Figure:
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
    warna = [WARNA_TANPA_DATA if k < 0 else kelas.warna[k] for k in kelas_per_fitur]
    legenda = [(w, lab, n, False) for w, lab, n in zip(kelas.warna, kelas.label, kelas.jumlah, strict=True)]
    tanpa = sum(1 for k in kelas_per_fitur if k < 0)
    if tanpa:
        legenda.append((WARNA_TANPA_DATA, "tidak ada data", tanpa, True))
    return gambar_kategori(gdf, warna, [k < 0 for k in kelas_per_fitur], legenda, judul, sumber, label, sorot)


def gambar_kategori(
    gdf: gpd.GeoDataFrame,
    warna: list[str],
    arsir: list[bool],
    legenda: list[tuple[str, str, int, bool]],
    judul: str,
    sumber: str,
    label: gpd.GeoDataFrame | None = None,
    sorot: gpd.GeoDataFrame | None = None,
    latar: gpd.GeoDataFrame | None = None,
) -> Figure:
    """Draw one printable map page of features coloured by category (polygons, lines or points).

    Parameters
    ----------
    gdf : GeoDataFrame
        The features (any CRS with EPSG code; drawn in their local UTM zone so the scale bar is true).
    warna : list of str
        Colour of each feature.
    arsir : list of bool
        Features drawn hatched (a missing class: never a colour of the scale).
    legenda : list of (colour, label, count, hatched)
        Legend rows, in order.
    judul, sumber : str
        Title and data source line.
    label : GeoDataFrame, optional
        Polygons whose ``nama`` is written on the map (e.g. kecamatan).
    sorot : GeoDataFrame, optional
        Outline drawn thick on top.
    latar : GeoDataFrame, optional
        Polygons drawn light grey underneath (e.g. the kecamatan under activity points).

    Returns
    -------
    matplotlib.figure.Figure
    """
    acuan = latar if latar is not None and len(latar) else gdf
    crs = crs_utm(acuan.to_crs(4326))
    g = gdf.to_crs(crs)
    fig = kanvas(A4_LANSKAP)
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.03, right=0.74, top=0.9, bottom=0.08)
    if latar is not None and len(latar):
        latar.to_crs(crs).plot(ax=ax, facecolor="#f2f2f2", edgecolor="#9a9a9a", linewidth=0.5)
    jenis = g.geom_type.str.replace("Multi", "").to_numpy()
    w = pd.Series(warna, index=g.index)
    gaya = {"Polygon": {"edgecolor": "#444444", "linewidth": 0.4}, "LineString": {"linewidth": 2.5}}
    for tipe, kw in gaya.items():
        if (jenis == tipe).any():
            g[jenis == tipe].plot(ax=ax, color=w[jenis == tipe].tolist(), **kw)
    if (jenis == "Point").any():
        g[jenis == "Point"].plot(
            ax=ax, color=w[jenis == "Point"].tolist(), edgecolor="#222222", linewidth=0.5, markersize=28
        )
    a = [bool(x) for x in arsir]
    if any(a):
        g[a].plot(ax=ax, facecolor="none", edgecolor="#444444", linewidth=0.4, hatch="////")
    if sorot is not None:
        sorot.to_crs(crs).boundary.plot(ax=ax, color="black", linewidth=2.2)
    if label is not None:
        label_halo(ax, label.to_crs(crs), ukuran=8)
    ax.set_axis_off()
    ax.set_aspect("equal")
    minx, _miny, maxx, _maxy = (latar.to_crs(crs) if latar is not None and len(latar) else g).total_bounds
    _skala(ax, maxx - minx)
    _utara(ax)
    fig.suptitle(judul, fontsize=16, fontweight="bold", x=0.03, ha="left")
    tangan = [
        Patch(facecolor=w, edgecolor="#444444", hatch="////" if h else None, label=f"{lab} ({n})")
        for w, lab, n, h in legenda
    ]
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


def png(fig: Figure, dpi: int = 200, rapat: bool = False) -> bytes:
    """Render a figure to PNG bytes, in memory.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    dpi : int
        Resolution.
    rapat : bool
        Crop empty margins (``bbox_inches="tight"``); the default keeps the page size.

    Returns
    -------
    bytes
        The PNG.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, **({"bbox_inches": "tight", "pad_inches": 0.05} if rapat else {}))
    return buf.getvalue()


def pdf(figs: list[Figure]) -> bytes:
    """Render figures as the pages of one PDF (a map book), in memory.

    Parameters
    ----------
    figs : list of matplotlib.figure.Figure
        One figure per page.

    Returns
    -------
    bytes
        The PDF.
    """
    buf = io.BytesIO()
    with PdfPages(buf, metadata={"Creator": "PetaRencana"}) as halaman:
        for fig in figs:
            halaman.savefig(fig)
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
