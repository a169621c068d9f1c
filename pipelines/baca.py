"""Readers for the files people actually have.

Vector: GeoJSON, GeoPackage, Shapefile (``.shp``, a folder, or a ``.zip``), KML/KMZ,
GeoParquet. Tables: CSV (comma or semicolon) and XLSX (header not on row 1, merged
header cells, footnote rows under the table, several sheets). Every failure becomes a
:class:`~geo.errors.KesalahanInput` naming the file and what to do.

GDAL (pyogrio), geopandas and openpyxl are imported by the reader that needs them, so a
CSV load does not pay for them.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import charset_normalizer
import pandas as pd

from geo.errors import KesalahanInput, Masalah
from pipelines.angka import kosong

if TYPE_CHECKING:
    import geopandas as gpd

FORMAT_VEKTOR = (".geojson", ".json", ".gpkg", ".shp", ".zip", ".kml", ".kmz", ".parquet", ".geoparquet", ".fgb")
FORMAT_TABEL = (".csv", ".txt", ".xlsx", ".xlsm")
#: Largest file accepted through the app (MB); the CLI reads any size.
BATAS_UNGGAH_MB = 200


def periksa_unggahan(nama: str, ukuran_byte: int, batas_mb: float = BATAS_UNGGAH_MB) -> None:
    """Refuse an uploaded file of an unknown type or above the size limit, before anything is written.

    Raises
    ------
    KesalahanInput
        Naming the file, what is accepted and how to proceed.
    """
    masalah = []
    akhiran = Path(nama).suffix.lower()
    if akhiran not in FORMAT_VEKTOR + FORMAT_TABEL + (".xls",):
        masalah.append(
            Masalah(
                Path(nama).name,
                "jenis berkas",
                akhiran or "(tanpa akhiran)",
                ", ".join(FORMAT_VEKTOR + FORMAT_TABEL),
                "simpan ulang dalam salah satu format itu",
            )
        )
    if ukuran_byte > batas_mb * 1024 * 1024:
        masalah.append(
            Masalah(
                Path(nama).name,
                "ukuran",
                f"{ukuran_byte / 1024 / 1024:.0f} MB",
                f"paling besar {batas_mb:.0f} MB lewat aplikasi",
                "muat berkas besar lewat CLI: python -m pipelines load …",
            )
        )
    if masalah:
        raise KesalahanInput(f"Berkas {Path(nama).name} tidak diterima", masalah)


def _galat(path: Path, nilai: str, harapan: str, perbaikan: str) -> KesalahanInput:
    return KesalahanInput(f"Berkas {path.name}", [Masalah("berkas", "", nilai, harapan, perbaikan)])


def _isi_zip(path: Path) -> list[str]:
    """Member names of a zip (or KMZ), refusing any that points outside it.

    Nothing is ever extracted (GDAL reads through ``/vsizip/``), but a member named
    ``../../evil.shp``, ``/etc/x`` or ``C:/x`` is never a file a data team packed on purpose.
    """
    with zipfile.ZipFile(path) as z:
        nama = z.namelist()
    keluar = [n for n in nama if _keluar_zip(n)]
    if keluar:
        raise _galat(
            path,
            ", ".join(keluar[:5]) + (f" (dan {len(keluar) - 5} lagi)" if len(keluar) > 5 else ""),
            "nama berkas di dalam zip tanpa '..' dan tanpa jalur mutlak",
            "kemas ulang zip langsung dari folder berkasnya (mis. klik kanan → Kirim ke → Folder terkompresi)",
        )
    return nama


def _keluar_zip(nama: str) -> bool:
    """Whether a zip member name is absolute or climbs out of the archive.

    Examples
    --------
    >>> [_keluar_zip(n) for n in ("desa/desa.shp", "../../evil.shp", "/etc/passwd", "C:/x.shp", "a/..b.shp")]
    [False, True, True, True, False]
    """
    n = nama.replace("\\", "/")
    return n.startswith("/") or (len(n) > 1 and n[1] == ":") or ".." in n.split("/")


def _sumber_vektor(path: Path) -> tuple[str, str | None]:
    """Return the GDAL path to read and, for KML, nothing special (layers are merged)."""
    suf = path.suffix.lower()
    if path.is_dir():
        shp = sorted(path.glob("*.shp"))
        if len(shp) != 1:
            raise _galat(
                path,
                f"{len(shp)} berkas .shp",
                "tepat satu .shp di folder",
                "sisakan satu shapefile (beserta .shx, .dbf, .prj) di folder itu",
            )
        return str(shp[0]), None
    if suf == ".zip":
        isi = [n for n in _isi_zip(path) if not n.endswith("/") and not n.startswith("__MACOSX")]
        for akhiran in (".shp", ".geojson", ".json", ".gpkg", ".kml"):
            cocok = [n for n in isi if n.lower().endswith(akhiran)]
            if len(cocok) == 1:
                return f"/vsizip/{path}/{cocok[0]}", None
            if len(cocok) > 1:
                raise _galat(
                    path,
                    ", ".join(cocok),
                    f"satu berkas {akhiran} di dalam zip",
                    "pisahkan tiap lapisan ke zip sendiri",
                )
        raise _galat(
            path,
            ", ".join(isi[:5]),
            "zip berisi .shp, .geojson, .gpkg atau .kml",
            "kemas shapefile lengkap (.shp, .shx, .dbf, .prj) ke dalam zip",
        )
    if suf == ".kmz":
        kml = [n for n in _isi_zip(path) if n.lower().endswith(".kml")]
        if not kml:
            raise _galat(path, "-", "KMZ berisi doc.kml", "ekspor ulang dari Google Earth sebagai KMZ atau KML")
        return f"/vsizip/{path}/{kml[0]}", None
    return str(path), None


def baca_vektor(path: Path, lapisan: str | None = None) -> gpd.GeoDataFrame:
    """Read a vector file into a GeoDataFrame (CRS as declared by the file, maybe None).

    KML/KMZ files with several folders (layers) are read layer by layer and concatenated,
    with the folder name in column ``lapisan_kml``.

    Parameters
    ----------
    path : Path
        File or Shapefile folder.
    lapisan : str, optional
        Layer name for multi-layer sources (GeoPackage).

    Returns
    -------
    GeoDataFrame
    """
    path = Path(path)
    if not path.exists():
        raise _galat(path, str(path), "berkas yang ada", "periksa nama dan lokasi berkas")
    if not (path.is_dir() or path.suffix.lower() in FORMAT_VEKTOR):
        raise _galat(
            path,
            path.suffix,
            f"salah satu format {', '.join(FORMAT_VEKTOR)} atau folder shapefile",
            "simpan ulang data sebagai GeoJSON, GeoPackage, Shapefile (zip), KML/KMZ atau GeoParquet",
        )
    import geopandas as gpd  # noqa: PLC0415 - see the module docstring
    import pyogrio  # noqa: PLC0415

    try:
        if path.suffix.lower() in (".parquet", ".geoparquet"):
            return gpd.read_parquet(path)
        sumber, _ = _sumber_vektor(path)
        if path.suffix.lower() in (".kml", ".kmz"):
            daftar = [n for n, _ in pyogrio.list_layers(sumber)]
            bagian = []
            for n in daftar:
                g = _baca_ogr(sumber, n)
                if len(g):
                    bagian.append(g.assign(lapisan_kml=n))
            if not bagian:
                raise _galat(path, "0 fitur", "minimal satu placemark", "periksa isi KML")
            return gpd.GeoDataFrame(pd.concat(bagian, ignore_index=True), crs=bagian[0].crs)
        return _baca_ogr(sumber, lapisan)
    except KesalahanInput:
        raise
    except UnicodeDecodeError as e:
        raise _galat(
            path,
            f"teks atribut tidak terbaca ({e.reason}, bita ke-{e.start})",
            "teks atribut dalam UTF-8 (atau Windows-1252)",
            "buka di QGIS lalu ekspor ulang sebagai GeoPackage (pengodean UTF-8)",
        ) from e
    except (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        zipfile.BadZipFile,
        OSError,
        ValueError,
    ) as e:
        raise _galat(
            path,
            str(e).splitlines()[0][:200],
            "berkas vektor yang dapat dibaca GDAL",
            "buka berkas di QGIS; bila terbuka, ekspor ulang sebagai GeoPackage",
        ) from e


def _baca_ogr(sumber: str, lapisan: str | None) -> gpd.GeoDataFrame:
    """Read one layer through GDAL; attribute text that is not UTF-8 is read as Windows-1252.

    Old Shapefiles without ``.cpg`` and GeoJSON saved by Windows tools often hold Windows-1252
    text (``Désa``); GDAL decodes UTF-8 by default and fails on them.
    """
    import pyogrio  # noqa: PLC0415 - see the module docstring

    with warnings.catch_warnings():
        # GDAL warns about 4-member coordinates ([x, y, 0, null]); hygiene reports dropped Z/M itself
        warnings.filterwarnings("ignore", message=".*too many members in array.*", category=RuntimeWarning)
        try:
            return pyogrio.read_dataframe(sumber, layer=lapisan)
        except UnicodeDecodeError:
            return pyogrio.read_dataframe(sumber, layer=lapisan, encoding="cp1252")


@dataclass(frozen=True)
class Tabel:
    """One table read from a CSV or one XLSX sheet, all cells as text.

    ``baris_awal`` is the 1-based row number (in the file/sheet) of the first data row,
    so error messages can name the row a person sees in Excel.
    """

    nama: str
    data: pd.DataFrame
    baris_awal: int

    def nomor_baris(self, indeks: int) -> int:
        """Return the file/sheet row number of data row ``indeks`` (0-based)."""
        return self.baris_awal + indeks


def _sel(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _susun_tabel(nama: str, baris: list[list[str]], kata_kunci: tuple[str, ...]) -> Tabel:
    """Find the header row, join stacked/merged headers, cut footnote rows."""
    baris = [[_sel(v) for v in r] for r in baris]
    lebar = max((len(r) for r in baris), default=0)
    baris = [r + [""] * (lebar - len(r)) for r in baris]
    if not baris:
        return Tabel(nama, pd.DataFrame(), 1)

    def skor(r: list[str]) -> float:
        isi = [v for v in r if v]
        if not isi:
            return -1
        teks = sum(1 for v in isi if not _mirip_angka(v))
        kunci = sum(1 for v in isi if any(k in v.lower() for k in kata_kunci))
        return teks + 3 * kunci + 0.5 * len(isi)

    # header: the best-scoring of the first 15 rows that is followed by data
    kandidat = range(min(15, len(baris)))
    h = max(kandidat, key=lambda i: (skor(baris[i]), -i))
    header = list(baris[h])
    # merged cells above the header (a title row spanning a group of columns): forward-fill and join
    if h > 0 and sum(1 for v in baris[h - 1] if v) >= 2:
        atas, isi = [], ""
        for v in baris[h - 1]:
            isi = v or isi
            atas.append(isi)
        header = [f"{a} {b}".strip() if a and a != b and b else (b or a) for a, b in zip(atas, header, strict=True)]
    # a second header line below (e.g. years under a merged "Jumlah Penduduk"): it fills columns the
    # header row left empty and leaves empty some columns the header row named
    mulai_data = h + 1
    if h + 1 < len(baris):
        bawah = baris[h + 1]
        isi_baru = [j for j, v in enumerate(bawah) if v and not header[j]]
        kosong_lama = [j for j, v in enumerate(bawah) if not v and header[j]]
        if isi_baru and kosong_lama and all(not header[j] or not _mirip_angka(header[j]) for j in range(len(bawah))):
            terisi, atas = "", []
            for v in header:
                terisi = v or terisi
                atas.append(terisi)
            header = [f"{a} {b}".strip() if b else a for a, b in zip(atas, bawah, strict=True)]
            mulai_data = h + 2
    # merged header cells on the header row itself: empty name -> previous name + position
    for j, v in enumerate(header):
        if not v:
            header[j] = f"{header[j - 1]}_{j}" if j and header[j - 1] else f"kolom_{j + 1}"
    data = baris[mulai_data:]
    # footnotes: from the first row whose filled cells are only in the first column (after data), cut
    akhir = len(data)
    for i, r in enumerate(data):
        isi = [j for j, v in enumerate(r) if v]
        if not isi:
            akhir = i
            break
        if isi == [0] and i > 0 and len(header) > 2:
            akhir = i
            break
    data = data[:akhir]
    unik = []
    for c in header:
        n, k = c, 2
        while n in unik:
            n, k = f"{c}_{k}", k + 1
        unik.append(n)
    return Tabel(nama, pd.DataFrame(data, columns=unik, dtype=str), mulai_data + 1)


def _mirip_angka(v: str) -> bool:
    t = v.replace(".", "").replace(",", "").replace("-", "").replace("%", "").strip()
    return t.isdigit() or kosong(v)


def _dekode(path: Path, mentah: bytes) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), then Windows-1252, then charset-normalizer's best guess.

    Raises
    ------
    KesalahanInput
        When no encoding reads it (e.g. a binary file saved as .csv).
    """
    if mentah[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte-order mark (Excel "Unicode text")
        try:
            return mentah.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" not in mentah[:4096]:  # NUL bytes: not an 8-bit text, so cp1252 would only make mojibake
        for enc in ("utf-8-sig", "cp1252"):
            try:
                return mentah.decode(enc)
            except UnicodeDecodeError:
                continue
    tebakan = charset_normalizer.from_bytes(mentah).best()
    if tebakan is not None and tebakan.encoding:
        return str(tebakan)
    raise _galat(
        path,
        "pengodean teks tidak dikenali",
        "CSV teks (UTF-8 atau Windows-1252)",
        "buka di Excel/LibreOffice lalu simpan sebagai 'CSV UTF-8'",
    )


def baca_tabel(
    path: Path, lembar: str | None = None, kata_kunci: tuple[str, ...] = ("kode", "nama", "desa", "kec", "tahun", "id")
) -> list[Tabel]:
    """Read a CSV (comma or semicolon) or every sheet of an XLSX as text tables.

    Parameters
    ----------
    path : Path
        The file.
    lembar : str, optional
        Only this sheet (XLSX).
    kata_kunci : tuple of str
        Words that mark a header row (the header need not be on row 1).

    Returns
    -------
    list of Tabel
        One per sheet that holds data (one for CSV).
    """
    path = Path(path)
    if not path.exists():
        raise _galat(path, str(path), "berkas yang ada", "periksa nama dan lokasi berkas")
    suf = path.suffix.lower()
    if suf in (".csv", ".txt"):
        teks = _dekode(path, path.read_bytes())
        contoh = teks[:20000]
        try:
            dialek = csv.Sniffer().sniff(contoh, delimiters=",;\t|")
            pemisah = dialek.delimiter
        except csv.Error:
            pemisah = ";" if contoh.count(";") > contoh.count(",") else ","
        baris = list(csv.reader(io.StringIO(teks), delimiter=pemisah))
        return [_susun_tabel(path.stem, baris, kata_kunci)]
    if suf in (".xlsx", ".xlsm"):
        import openpyxl  # noqa: PLC0415 - see the module docstring

        try:
            buku = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many types for a broken file
            raise _galat(
                path, str(e)[:200], "berkas XLSX yang utuh", "buka di Excel/LibreOffice lalu simpan ulang"
            ) from e
        hasil = []
        for ws in buku.worksheets:
            if lembar and ws.title != lembar:
                continue
            baris = [list(r) for r in ws.iter_rows(values_only=True)]
            t = _susun_tabel(ws.title, baris, kata_kunci)
            if len(t.data):
                hasil.append(t)
        buku.close()
        if lembar and not hasil:
            raise _galat(path, lembar, "nama lembar yang ada di buku kerja", "periksa opsi --lembar")
        return hasil
    raise _galat(path, suf, "CSV atau XLSX", "simpan tabel sebagai .csv (koma atau titik koma) atau .xlsx")
