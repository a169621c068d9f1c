"""The data-access module: the one module outside the page scripts that imports Streamlit.

It holds cached handles and values, the shared sidebar, and the single place where
user-facing errors are shown. It lives in ``pages/__init__.py`` and the page scripts in
``pages/halaman/`` so that ``pages/`` holds no page script of its own: Streamlit treats
every ``pages/*.py`` as a legacy (v1) page on a fresh server, which would let a deep link
such as ``/data`` run a page without the frame of ``app.py``.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import shapely
import streamlit as st

from geo.domain import definitions
from geo.domain import kelayakan as kl
from geo.domain import kesesuaian as ks
from geo.domain import tematik as tm
from geo.errors import KesalahanInput, KesalahanPetaRencana, KonflikVersi
from geo.render import cetak, gaya, maps
from geo.render.aset import siapkan_aset
from geo.render.berita_acara import pdf_berita_acara
from geo.services import forum as layanan_forum
from geo.services import indikator as layanan_indikator
from geo.services import kesesuaian as layanan_ks
from geo.services import prioritas as layanan_prioritas
from geo.services import slide as layanan_slide
from geo.services import usulan as layanan_usulan
from geo.services.berita_acara import data_berita_acara
from geo.settings import atur_log, berkas_data
from geo.store import kesesuaian as simpanan_ks
from geo.store import kueri
from geo.store import prioritas as simpanan_prioritas
from geo.store import slide as simpanan_slide
from geo.store import usulan as simpanan_usulan
from geo.store.db import Gudang
from pipelines import muat
from pipelines.siapkan import siapkan

log = logging.getLogger(__name__)
atur_log()


@contextlib.contextmanager
def tangani_kesalahan() -> Iterator[None]:
    try:
        yield
    except KesalahanInput:
        raise  # shown as a table by the page that asked for it
    except KesalahanPetaRencana as e:
        log.warning("ditampilkan ke pengguna: %s", e)
        st.error(str(e), icon=":material/error:")
        st.stop()


@st.cache_resource(show_spinner="Menyiapkan basis data…")
def _gudang(folder: str) -> Gudang:
    berkas = berkas_data(folder)
    if not berkas.referensi.exists():  # a missing database is built automatically
        siapkan(berkas)
    siapkan_aset()
    return Gudang(berkas)


def gudang() -> Gudang:
    """Return the process-wide store handle for ``$PETARENCANA_DATA``."""
    with tangani_kesalahan():
        return _gudang(str(berkas_data().folder))


def _versi() -> tuple:
    with tangani_kesalahan():
        return gudang().versi_referensi()


@st.cache_data(show_spinner=False, max_entries=64)
def _referensi(nama: str, versi_ref: tuple, *args):
    return getattr(kueri, nama)(gudang(), *args)


def _baca_referensi(nama: str, *args):
    """Call ``kueri.<nama>(gudang, *args)``, cached until a pipeline swaps the reference file."""
    v = _versi()
    with tangani_kesalahan():
        return _referensi(nama, v, *args)


def wilayah(kode_kab: str, tingkat: definitions.Tingkat):
    """Display polygons of a tier (cached until a pipeline swaps the reference file)."""
    return _baca_referensi("wilayah_gdf", kode_kab, tingkat)


@st.cache_data(show_spinner="Menyiapkan peta…", max_entries=32)
def _lapisan_beranda(
    kode_kab: str, tingkat: str, kode_area: str | None, versi_ref: tuple
) -> tuple[maps.LapisanWilayah, dict]:
    kec = wilayah(kode_kab, "kecamatan")
    warna = maps.warna_kategori(list(kec["kode"]))
    if kode_area and kode_area != kode_kab:  # one kecamatan: its desa, named on the map, zoomed to it
        desa = wilayah(kode_kab, "desa")
        desa = desa[desa["kode"].str.startswith(kode_area + ".")]
        return maps.lapisan_wilayah(desa, warna, label=desa), warna
    if tingkat == "desa":
        return maps.lapisan_wilayah(wilayah(kode_kab, "desa"), warna), warna
    if tingkat == "kecamatan":
        return maps.lapisan_wilayah(kec, warna, label=kec), warna
    kab = wilayah(kode_kab, "kabupaten")
    kab = kab.assign(kode_kecamatan=kab["kode"], nama_kecamatan="–")
    return maps.lapisan_wilayah(kab, {kab["kode"].iloc[0]: "#8da0cb"}, label=kec), warna


def lapisan_beranda(
    kode_kab: str, tingkat: definitions.Tingkat, kode_area: str | None = None
) -> tuple[maps.LapisanWilayah, dict]:
    """Region map layer (GeoJSON cached per kabupaten, tier, scope and reference version) and
    the kecamatan colours for the legend. With a kecamatan ``kode_area`` the layer holds its desa, labelled."""
    return _lapisan_beranda(kode_kab, tingkat, kode_area, _versi())


def ringkasan(kode_area: str, tahun: int) -> kueri.Ringkasan:
    """Headline figures of a kabupaten or one kecamatan (not cached: working data changes while the app runs)."""
    with tangani_kesalahan():
        return kueri.ringkasan(gudang(), kode_area, tahun)


@dataclass(frozen=True)
class Pilihan:
    """What the shared sidebar selected: kabupaten, year, tier, and optionally one kecamatan (the scope)."""

    kabupaten: kueri.Kabupaten
    tahun: int
    tingkat: definitions.Tingkat
    kecamatan: str | None = None  # kode kecamatan when the scope is one kecamatan
    nama_kecamatan: str | None = None

    @property
    def kode_area(self) -> str:
        """The scope's code: the kecamatan when one is chosen, else the kabupaten."""
        return self.kecamatan or self.kabupaten.kode

    @property
    def nama_area(self) -> str:
        """The scope as a title: "Kecamatan Sukamaju, Kabupaten Contoh" or the kabupaten's name."""
        if self.kecamatan:
            return f"Kecamatan {self.nama_kecamatan}, {self.kabupaten.nama}"
        return self.kabupaten.nama


def _dari_url(kunci_state: str, param: str, pilihan: list) -> None:
    """Start a widget from the URL (a shared link opens the same view); unknown values are ignored."""
    nilai = st.query_params.get(param)
    if kunci_state not in st.session_state and nilai is not None:
        cocok = [p for p in pilihan if str(getattr(p, "kode", p)) == nilai]
        if cocok:
            st.session_state[kunci_state] = cocok[0]


def _ke_url(param: str, nilai: str | None) -> None:
    if nilai is None:
        st.query_params.pop(param, None)
    elif st.query_params.get(param) != nilai:
        st.query_params[param] = nilai


def tabel(data: pd.DataFrame, kosong: str, **kwargs) -> None:
    """A table with missing values shown as "–", or, when it has no rows, ``kosong`` as a caption
    (Streamlit would draw an empty grid saying "empty")."""
    if data.empty:
        st.caption(kosong)
    else:
        st.dataframe(data, **{"hide_index": True, "width": "stretch", "placeholder": "–", **kwargs})


def sidebar() -> Pilihan:
    """Draw the sidebar shared by all pages (kabupaten, tahun, tingkat, kecamatan) and return the scope.

    The scope travels in the URL (``?kab=…&tahun=…&kec=…``), so a copied link opens the same view.
    """
    st.html(gaya.GAYA_TEKS_UTUH)
    g = gudang()
    with tangani_kesalahan():
        kabs = kueri.daftar_kabupaten(g)
        tahun = kueri.tahun_usulan(g) or [_tahun_baku()]
    if not kabs:
        st.warning("Belum ada batas wilayah. Muat data batas atau jalankan `python -m pipelines demo`.")
        st.stop()
    _dari_url("kabupaten", "kab", kabs)
    _dari_url("tahun", "tahun", tahun)
    with st.sidebar:
        kab = st.selectbox("Kabupaten/Kota", kabs, format_func=lambda k: f"{k.nama} ({k.kode})", key="kabupaten")
        th = st.selectbox("Tahun anggaran", tahun, key="tahun")
        kec = wilayah(kab.kode, "kecamatan")
        nama_kec = dict(zip(kec["kode"], kec["nama"], strict=True))
        pilihan_kec = [None, *kec["kode"]]
        _dari_url("kecamatan", "kec", pilihan_kec)
        if st.session_state.get("kecamatan") not in pilihan_kec:  # another kabupaten was chosen
            st.session_state["kecamatan"] = None
        kode_kec = st.selectbox(
            "Cakupan",
            pilihan_kec,
            format_func=lambda k: "Seluruh kabupaten/kota" if k is None else f"Kecamatan {nama_kec[k]}",
            key="kecamatan",
            help="Pilih satu kecamatan: peta, angka, tabel dan ekspor di setiap halaman mengikuti cakupan ini.",
        )
        tingkat = st.radio(
            "Tingkat wilayah",
            list(definitions.TINGKAT_WILAYAH),
            format_func=definitions.TINGKAT_WILAYAH.get,
            key="tingkat",
        )
        if kab.sintetis:
            st.info(
                "**Data sintetis** — Kabupaten Contoh adalah wilayah rekaan untuk demo, bukan data resmi.",
                icon=":material/science:",
            )
    _ke_url("kab", kab.kode)
    _ke_url("tahun", str(th))
    _ke_url("kec", kode_kec)
    return Pilihan(kab, int(th), tingkat, kode_kec, nama_kec.get(kode_kec) if kode_kec else None)


def _tahun_baku() -> int:
    """Budget year used when no usulan exist yet: next year."""
    return datetime.date.today().year + 1


def muat_berkas(
    jenis: str, nama_berkas: str, isi: bytes, opsi: muat.OpsiDasar, kemajuan: muat.Kemajuan
) -> tuple[muat.LaporanMuat | None, KesalahanInput | None]:
    """Run a pipeline loader on an uploaded file; return (report, input error).

    The file is written to a temporary folder under its own name (loaders read the
    suffix). A :class:`KesalahanInput` is returned, not raised, so the page can show its
    problems as a table; other user-facing errors stop the page with a message.
    """
    with tempfile.TemporaryDirectory(prefix="unggah-") as tmp:
        path = Path(tmp) / Path(nama_berkas).name
        path.write_bytes(isi)
        try:
            with tangani_kesalahan():
                return muat.muat(jenis, path, opsi, gudang().berkas, kemajuan), None
        except KesalahanInput as e:
            return None, e


def riwayat_dan_isi():
    """Load history, table counts and unmatched units (not cached: they change on every load)."""
    g = gudang()
    with tangani_kesalahan():
        return kueri.riwayat_muat(g), kueri.isi_data(g), kueri.kode_tak_cocok(g)


@st.cache_data(show_spinner=False, max_entries=32)
def _kerangka(kode_kab: str, tingkat: str, versi_ref: tuple):
    return maps.kerangka_dari_gdf(wilayah(kode_kab, tingkat))


def kerangka(kode_kab: str, tingkat: str, kode_area: str | None = None):
    """Per-feature display geometry of a tier, optionally only inside a kecamatan (cached until the file changes)."""
    return _cakupan_kerangka(_kerangka(kode_kab, tingkat, _versi()), kode_area)


def daftar_indikator(kode_kab: str):
    """Indicators with data in the kabupaten (cached until the reference file changes)."""
    return _baca_referensi("daftar_indikator", kode_kab)


@st.cache_data(show_spinner=False, max_entries=64)
def _nilai(kode_kab: str, meta_items: tuple, tahun: int, tingkat: str, versi_ref: tuple):
    return layanan_indikator.nilai_indikator(gudang(), kode_kab, dict(meta_items), tahun, tingkat)


def _cakupan_kerangka(kerangka: maps.Kerangka, kode_area: str | None) -> maps.Kerangka:
    """The features of a frame inside a kecamatan scope, with the frame fitted to them."""
    if not kode_area or kode_area.count(".") < 2:
        return kerangka
    pilih = [i for i, kode in enumerate(kerangka.kode) if kode.startswith(kode_area + ".") or kode == kode_area]
    if not pilih:
        return kerangka
    geom = shapely.from_geojson([kerangka.geometri[i] for i in pilih])
    return maps.Kerangka(
        tuple(kerangka.kode[i] for i in pilih),
        tuple(kerangka.nama[i] for i in pilih),
        tuple(kerangka.geometri[i] for i in pilih),
        tuple(float(v) for v in shapely.total_bounds(geom)),
    )


def tematik(
    kode_kab: str,
    meta: dict,
    tahun: int,
    tingkat: str,
    skema: str,
    k: int,
    palet: str,
    batas_manual: list[float] | None,
    desimal: int,
    banding: int | None = None,
    cara: str = "selisih",
    kode_area: str | None = None,
):
    """Values, classes and the map layer of a thematic map (or of the change since ``banding``).

    Geometry (the :class:`geo.render.maps.Kerangka`) is cached per kabupaten and tier; changing
    the indicator or the class scheme only recomputes values, classes and properties. With a
    kecamatan ``kode_area`` the map holds that kecamatan's desa only, classified among themselves.
    """
    v = _versi()
    if kode_area and kode_area.count(".") >= 2:
        tingkat = "desa"  # a kecamatan scope maps its desa
    with tangani_kesalahan():
        kerangka = _cakupan_kerangka(_kerangka(kode_kab, tingkat, v), kode_area)
        meta_items = tuple(sorted((k_, tuple(x) if isinstance(x, list) else x) for k_, x in meta.items()))
        nilai = _nilai(kode_kab, meta_items, tahun, tingkat, v).reindex(list(kerangka.kode))
        satuan = meta.get("satuan", "")
        if banding is not None:  # change map between two years
            lama = _nilai(kode_kab, meta_items, banding, tingkat, v).reindex(list(kerangka.kode))
            nilai = tm.perubahan(nilai, lama, cara)
            satuan = "%" if cara == "persen" else ("poin persen" if satuan == "%" else satuan)
        kelas = tm.klasifikasi(nilai, skema, k, palet, batas_manual, desimal, satuan)
        properti = maps.properti_tematik(kerangka, nilai, kelas, desimal, satuan)
        return kerangka, nilai, kelas, properti


def label_cakupan(kode_kab: str, kode_area: str | None) -> tuple[tuple[str, float, float], ...]:
    """Map labels for a scope: desa names inside a kecamatan, else kecamatan names."""
    if kode_area and kode_area.count(".") >= 2:
        desa = wilayah(kode_kab, "desa")
        desa = desa[desa["kode"].str.startswith(kode_area + ".")]
        return maps.lapisan_wilayah(desa.assign(kode_kecamatan=kode_area), {}, label=desa).label
    return label_kecamatan(kode_kab)


def ringkasan_wilayah(kode_kab: str, meta: dict, tahun: int, kode_area: str, ambang, desimal: int) -> list[str]:
    """Executive summary of an area (computed from the data each time; it is cheap)."""
    with tangani_kesalahan():
        return layanan_indikator.ringkasan_wilayah(gudang(), kode_kab, meta, tahun, kode_area, ambang, desimal)


def berkas_cetak(
    kode_kab: str,
    meta: dict,
    tahun: int,
    tingkat: str,
    skema: str,
    k: int,
    palet: str,
    batas_manual,
    desimal: int,
    banding: int | None,
    cara: str,
    kode_area: str | None,
    judul: str,
) -> dict[str, bytes]:
    """Render the current thematic map as PNG (200 dpi) and PDF, plus the desa map book (PDF), for the scope."""
    kecamatan = bool(kode_area and kode_area.count(".") >= 2)
    with tangani_kesalahan():
        kec = wilayah(kode_kab, "kecamatan")
        desa = wilayah(kode_kab, "desa")
        if kecamatan:
            tingkat = "desa"
            kec = kec[kec["kode"] == kode_area]
            desa = desa[desa["kode"].str.startswith(kode_area + ".")]
        wil = desa if tingkat == "desa" else wilayah(kode_kab, tingkat)
        _, _nilai_cetak, kelas, _ = tematik(
            kode_kab, meta, tahun, tingkat, skema, k, palet, batas_manual, desimal, banding, cara, kode_area
        )
        kelas_fitur = list(kelas.kelas)
        label = desa if kecamatan else (kec if tingkat != "desa" or len(kec) <= 40 else None)
        hasil = {
            "png": cetak.png(cetak.gambar_peta(wil, kelas_fitur, kelas, judul, meta["sumber"], label=label)),
            "pdf": cetak.pdf([cetak.gambar_peta(wil, kelas_fitur, kelas, judul, meta["sumber"], label=label)]),
        }
        _, _, kelas_d, _ = tematik(
            kode_kab, meta, tahun, "desa", skema, k, palet, batas_manual, desimal, banding, cara, kode_area
        )
        hasil["buku"] = cetak.buku_peta(desa, kec, list(kelas_d.kelas), kelas_d, judul, meta["sumber"])
        return hasil


def label_kecamatan(kode_kab: str) -> tuple[tuple[str, float, float], ...]:
    """Kecamatan names and inner points for map labels (cached with the geometry)."""
    kec = wilayah(kode_kab, "kecamatan")
    return maps.lapisan_wilayah(kec.assign(kode_kecamatan=kec["kode"]), {}, label=kec).label


def daftar_slide(kode_kab: str) -> list[dict]:
    """Saved slide sets of the kabupaten (working data: not cached)."""
    with tangani_kesalahan():
        return simpanan_slide.daftar_set(gudang(), kode_kab)


def tambah_slide(kode_kab: str, nama: str, baru, set_terlihat: dict | None) -> tuple[int, int]:
    """Append a slide to a set; a version conflict is shown as a message, never a silent overwrite."""
    with tangani_kesalahan():
        return layanan_slide.tambah_slide(gudang(), kode_kab, nama, baru, "aplikasi", set_terlihat)


def fasilitas(kode_kab: str):
    """Facility points of the kabupaten (cached until the reference file changes)."""
    return _baca_referensi("fasilitas", kode_kab)


def putuskan(usulan_id: int, keputusan: str, alasan: str, versi: int, alasan_pengecualian: str | None = None):
    """Record a forum decision: (new position, None) or (None, problems or conflict message)."""
    return _hasil_atau_pesan(
        layanan_forum.putuskan_usulan, usulan_id, keputusan, alasan, "aplikasi", versi, alasan_pengecualian
    )


def batalkan_keputusan(usulan_id: int, versi: int, alasan: str):
    """Undo the latest decision on an usulan: (new position, None) or (None, problems or conflict)."""
    return _hasil_atau_pesan(layanan_forum.batalkan_keputusan, usulan_id, versi, alasan, "aplikasi")


def keputusan_forum(kode_kab: str, tahun: int, tahap: str):
    """The latest decision at a tier per usulan (undone decisions excluded; working data: not cached)."""
    with tangani_kesalahan():
        return kueri.keputusan_forum(gudang(), kode_kab, tahun, tahap)


def ruang_dan_kesiapan(kode_kab: str, tahun: int) -> pd.DataFrame:
    """Conformity verdict and readiness level per usulan id (stale results are checked again first)."""
    hasil, _ = hasil_kesesuaian(kode_kab, tahun)
    if hasil.empty:
        return pd.DataFrame(columns=["verdik", "kelayakan"])
    f = kl.faktor(pd.DataFrame(hasil.drop(columns="geometry")))
    return pd.DataFrame(
        {"verdik": hasil["verdik"].to_numpy(), "kelayakan": f["kelayakan"].to_numpy()}, index=hasil["id"]
    )


def riwayat_usulan(usulan_id: int):
    """Audit history of one usulan."""
    with tangani_kesalahan():
        return simpanan_usulan.riwayat_usulan(gudang(), usulan_id)


# --- usulan lifecycle ------------------------------------------------------------------
def _hasil_atau_pesan(fungsi, *args, **kwargs) -> tuple[object | None, object | None]:
    """Run a write; return (result, None), or (None, the KesalahanInput / conflict message).

    Input problems come back as the exception (the page lists them as a table); a version
    conflict comes back as its message; other errors stop the page with a message.
    """
    try:
        with tangani_kesalahan():
            return fungsi(gudang(), *args, **kwargs), None
    except KesalahanInput as e:
        return None, e
    except KonflikVersi as e:
        return None, str(e)


def kamus_usulan():
    """The kamus usulan (cached until the reference file changes)."""
    return _baca_referensi("kamus")


def lokasi_usulan(wkt: str, kode_kab: str):
    """Desa and kecamatan under a geometry (WKT), or None outside the kabupaten."""
    with tangani_kesalahan():
        return simpanan_usulan.lokasi_usulan(gudang(), shapely.from_wkt(wkt), kode_kab)


def simpan_usulan(data: dict, wkt: str | None, kode_kab: str, abaikan_duplikat: bool, ambang_deviasi: float):
    """Save a captured usulan: (HasilSimpan, None) or (None, problems)."""
    geom = shapely.from_wkt(wkt) if wkt else None
    return _hasil_atau_pesan(
        layanan_usulan.simpan_usulan,
        data,
        geom,
        kode_kab,
        "aplikasi",
        abaikan_duplikat=abaikan_duplikat,
        ambang_deviasi=ambang_deviasi,
    )


def ubah_usulan(usulan_id: int, perubahan: dict, versi: int, alasan: str):
    """Edit an usulan with a version check: (new version, None) or (None, problems or conflict)."""
    return _hasil_atau_pesan(layanan_usulan.ubah_usulan, usulan_id, perubahan, versi, alasan, "aplikasi")


def usulan_peta(kode_kab: str, tahun: int, tahap: str | None = None, kode_kec: str | None = None, ids=None):
    """Usulan with geometry and names (working data: never cached; no personal data)."""
    with tangani_kesalahan():
        return kueri.usulan_gdf(gudang(), kode_kab, tahun, tahap, kode_kec, ids)


def pagu(tahun: int, jenis: str | None) -> dict[str, float]:
    """Pagu indikatif of one kind for a year."""
    with tangani_kesalahan():
        return kueri.pagu(gudang(), tahun, jenis)


def bobot_forum(tahun: int, tahap: str, kode_forum: str):
    """Saved weights of a forum: (bobot, indikator, versi)."""
    with tangani_kesalahan():
        return simpanan_prioritas.baca_bobot(gudang(), tahun, tahap, kode_forum)


def simpan_bobot(
    tahun: int, tahap: str, kode_forum: str, bobot: dict, indikator: str | None, versi: int, metode: str = "greedy"
):
    """Save a forum's weights and selection rule: (new version, None) or (None, problems or conflict)."""
    return _hasil_atau_pesan(
        layanan_prioritas.simpan_bobot, tahun, tahap, kode_forum, bobot, indikator, versi, "aplikasi", metode
    )


def metode_forum(tahun: int, tahap: str, kode_forum: str) -> str:
    """The forum's saved selection rule within the pagu (greedy unless saved otherwise)."""
    with tangani_kesalahan():
        return simpanan_prioritas.baca_metode(gudang(), tahun, tahap, kode_forum)


def simpan_suara(tahap: str, suara: dict[int, int]):
    """Save forum vote tallies: (changed count, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan_prioritas.simpan_suara, tahap, suara, "aplikasi")


def kebutuhan_desa(kode_kab: str, indikator: str | None, tahun: int):
    """Latest desa values of the need indicator (cached until the reference file changes)."""
    return _baca_referensi("kebutuhan_desa", kode_kab, indikator, tahun)


def putuskan_massal(keputusan: list[tuple[int, str, str, int]]):
    """Record many forum decisions all or nothing: (positions, None) or (None, problems or conflict)."""
    return _hasil_atau_pesan(layanan_forum.putuskan_massal, keputusan, "aplikasi")


def bawa_ke_tahun_depan(ids: list[int]):
    """Carry deferred usulan to next year: ({old: new}, None) or (None, problems)."""
    return _hasil_atau_pesan(layanan_usulan.bawa_ke_tahun_depan, ids, "aplikasi")


def berita_acara(kode_kab: str, tahun: int, tahap: str, kode_forum: str) -> bytes:
    """The forum's berita acara as PDF bytes."""
    with tangani_kesalahan():
        return pdf_berita_acara(data_berita_acara(gudang(), kode_kab, tahun, tahap, kode_forum))


def tampilkan_galat(galat, catatan: str = "Tidak ada data yang diubah.") -> None:
    """Show a write failure: a conflict message, or every input problem as a table."""
    if isinstance(galat, str):
        st.error(galat, icon=":material/sync_problem:")
        return
    st.error(f"{galat.judul}: {len(galat.masalah)} masalah ditemukan. {catatan}", icon=":material/error:")
    st.dataframe(
        pd.DataFrame([m.__dict__ for m in galat.masalah]).rename(
            columns={
                "lokasi": "Letak",
                "kolom": "Kolom",
                "nilai": "Nilai",
                "harapan": "Diharapkan",
                "perbaikan": "Perbaikan",
            }
        ),
        hide_index=True,
        width="stretch",
    )


def berhasil_lalu_muat_ulang(pesan: str) -> None:
    """After a write: keep the success message for the next run and rerun the page, so
    everything on it (ranks, versions, history) shows the saved state."""
    st.session_state["_pesan_berhasil"] = pesan
    st.rerun()


def tampilkan_pesan_berhasil() -> None:
    """Show (once) the message left by :func:`berhasil_lalu_muat_ulang`."""
    if pesan := st.session_state.pop("_pesan_berhasil", None):
        st.success(pesan, icon=":material/check_circle:")


def pagu_terpakai(kode_kab: str, tahun: int, tahap: str) -> dict[str, float]:
    """Pagu already committed at a tier, per forum (working data: not cached)."""
    with tangani_kesalahan():
        return kueri.pagu_terpakai(gudang(), kode_kab, tahun, tahap)


def versi_dibuka(kunci: str, versi_sekarang: int) -> int:
    """The version of a record as the user first saw it (kept across reruns).

    A form submit reruns the page, which would read the record again; the version sent
    with the write must be the one on the user's screen, so a change made by someone else
    in between is caught as a conflict instead of silently overwritten.
    """
    return int(st.session_state.setdefault(f"_versi_{kunci}", int(versi_sekarang)))


def lupakan_versi(kunci: str) -> None:
    """Forget the version seen (after a save, or when the user reloads the latest version)."""
    st.session_state.pop(f"_versi_{kunci}", None)


def tampilkan_konflik(galat, kunci: str, catatan: str) -> None:
    """Show a write failure; for a version conflict offer to load the latest version."""
    tampilkan_galat(galat, catatan)
    if isinstance(galat, str) and st.button("Muat versi terbaru", key=f"muat_ulang_{kunci}"):
        lupakan_versi(kunci)
        st.rerun()


# --- spatial conformity and feasibility ------------------------------------------------------
@st.cache_data(show_spinner="Membaca lapisan tata ruang…", max_entries=8)
def _lapisan_tata_ruang(kode_kab: str, versi_ref: tuple):
    return simpanan_ks.muat_lapisan(gudang(), kode_kab)


def lapisan_tata_ruang(kode_kab: str):
    """Zoning, overlays, ITBX and land layers of a kabupaten (cached until the reference file changes)."""
    v = _versi()
    with tangani_kesalahan():
        return _lapisan_tata_ruang(kode_kab, v)


def cek_lokasi(wkt: str, kode_kamus: str, status_lahan: str, kode_kab: str):
    """Instant conformity of a geometry being captured (nothing is stored)."""
    kelas = kamus_usulan().at[kode_kamus, "kelas_kegiatan"]
    with tangani_kesalahan():
        return ks.periksa_satu(shapely.from_wkt(wkt), kelas, status_lahan, lapisan_tata_ruang(kode_kab))


def hasil_kesesuaian(kode_kab: str, tahun: int, semua: bool = False):
    """Bring stale results up to date (new usulan, edits, reloaded zoning), then read them.

    Returns
    -------
    (GeoDataFrame, int)
        The results and how many usulan were checked now.
    """
    with tangani_kesalahan():
        n = layanan_ks.periksa_dan_simpan(gudang(), kode_kab, tahun, semua=semua, lapisan=lapisan_tata_ruang(kode_kab))
        return simpanan_ks.baca_hasil(gudang(), kode_kab, tahun), n


def periksa_usulan_baru(usulan_id: int, kode_kab: str) -> None:
    """Check one usulan right after it is entered (its result is stored)."""
    with tangani_kesalahan():
        layanan_ks.periksa_dan_simpan(gudang(), kode_kab, ids=[usulan_id], lapisan=lapisan_tata_ruang(kode_kab))


# --- usulan form & projector (issue 18) ---
def _tulis_set_slide(fungsi, *args) -> tuple[object | None, object | None]:
    """Run a slide-set write: (result, None), or (None, input problems or the conflict message).

    Unlike a page stop, a version conflict comes back as text so the projector can show it
    and go on drawing the latest version of the set.
    """
    try:
        with tangani_kesalahan():
            try:
                return fungsi(gudang(), *args, "aplikasi"), None
            except KonflikVersi as e:
                return None, str(e)
    except KesalahanInput as e:
        return None, e


def pindahkan_slide(kode_kab: str, set_terlihat: dict, indeks: int, langkah: int):
    """Move a slide of the set the user saw: (new version, None) or (None, problems or conflict)."""
    return _tulis_set_slide(layanan_slide.pindahkan_slide, kode_kab, set_terlihat, indeks, langkah)


def hapus_slide(kode_kab: str, set_terlihat: dict, indeks: int):
    """Delete a slide of the set the user saw: (new version, None) or (None, problems or conflict)."""
    return _tulis_set_slide(layanan_slide.hapus_slide, kode_kab, set_terlihat, indeks)
