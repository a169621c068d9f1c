"""The shared sidebar and its scope (kabupaten, year, tier, kecamatan in the URL), region and thematic maps, prints."""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import dataclass
from pathlib import Path

import shapely
import streamlit as st

from geo.domain import definitions
from geo.domain import tematik as tm
from geo.domain.akses import Pengguna, di_dalam
from geo.errors import KesalahanInput
from geo.render import cetak, gaya, maps
from geo.services import indikator as layanan_indikator
from geo.store import kueri
from pages.akses.akun import keluar
from pages.akses.inti import _baca_referensi, _versi, gudang, tangani_kesalahan, wilayah
from pipelines import muat
from pipelines.baca import periksa_unggahan


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


@st.cache_data(show_spinner=False, max_entries=32)
def _peta_beranda(kode_kab: str, tingkat: str, kode_area: str | None, versi_ref: tuple):
    kec = wilayah(kode_kab, "kecamatan")
    warna = maps.warna_kategori(list(kec["kode"]))
    nama_kec = dict(zip(kec["kode"], kec["nama"], strict=True))
    satu_kec = bool(kode_area and kode_area != kode_kab)
    tingkat_peta = "desa" if satu_kec else tingkat
    k = kerangka(kode_kab, tingkat_peta, kode_area if satu_kec else None)
    induk = [".".join(kode.split(".")[:3]) for kode in k.kode]
    properti, teks = [], []
    for kode, nama, kc in zip(k.kode, k.nama, induk, strict=True):
        w = warna.get(kc, "#8da0cb") if tingkat_peta != "kabupaten" else "#8da0cb"
        properti.append({"nama": nama, "kode": kode, "nilai": "", "peringkat": "", "_w": w, "_k": 0})
        if tingkat_peta == "desa":
            teks.append(f"{nama} ({kode}) · Kecamatan {nama_kec.get(kc, '–')}")
        else:
            teks.append(f"{nama} ({kode})")
    sumber = (
        k
        if (satu_kec or tingkat_peta == "kecamatan")
        else (kerangka(kode_kab, "kecamatan") if tingkat_peta == "kabupaten" else None)
    )
    label: tuple = ()
    if sumber is not None:
        titik = shapely.point_on_surface(shapely.from_geojson(list(sumber.geometri)))
        label = tuple(
            (str(n), round(float(p.y), 5), round(float(p.x), 5)) for n, p in zip(sumber.nama, titik, strict=True)
        )
    return k, properti, teks, label, warna


def peta_beranda(kode_kab: str, tingkat: definitions.Tingkat, kode_area: str | None = None):
    """What the Beranda map draws: the frame of a tier (or the desa of one kecamatan), each feature's colour
    (its kecamatan's), tooltip text and the names written on the map; plus the kecamatan colours for the legend.

    Geometry travels once per frame (:mod:`pages.akses.peta_data`); a change of year, toggle or other
    widget sends only these small arrays.
    """
    return _peta_beranda(kode_kab, tingkat, kode_area, _versi())


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


def sidebar(pengguna: Pengguna | None = None) -> Pilihan:
    """Draw the sidebar shared by all pages (kabupaten, tahun, tingkat, kecamatan) and return the scope.

    The scope travels in the URL (``?kab=…&tahun=…&kec=…``), so a copied link opens the same view.
    An account scoped to a wilayah sees only its kabupaten, and a desa or kecamatan account only
    its kecamatan.
    """
    st.html(gaya.GAYA_TEKS_UTUH)
    g = gudang()
    with tangani_kesalahan():
        kabs = kueri.daftar_kabupaten(g)
        tahun = kueri.tahun_usulan(g) or [_tahun_baku()]
    if pengguna is not None:
        _kartu_pengguna(pengguna)
        if pengguna.kode_kabupaten is not None:
            kabs = [k for k in kabs if k.kode == pengguna.kode_kabupaten]
            if not kabs:
                st.warning(
                    f"Wilayah akun Anda ({pengguna.kode_wilayah}) belum ada di data batas. "
                    "Minta Bappeda memuat batas wilayahnya, atau administrator memperbaiki wilayah akun."
                )
                st.stop()
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
        if pengguna is not None and pengguna.kode_wilayah and len(pengguna.kode_wilayah.split(".")) >= 3:
            pilihan_kec = [k for k in pilihan_kec if k is not None and di_dalam(k, pengguna.kode_wilayah)]
        _dari_url("kecamatan", "kec", pilihan_kec)
        if st.session_state.get("kecamatan") not in pilihan_kec:  # another kabupaten was chosen
            st.session_state["kecamatan"] = pilihan_kec[0] if pilihan_kec else None
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
        if kab.sementara:
            st.warning(
                "**Kode wilayah sementara** — batas desa dimuat dari berkas tanpa kode Kemendagri. Kode diganti "
                "otomatis (usulan dan indikator ikut) saat batas Kemendagri dimuat di halaman Data.",
                icon=":material/pending:",
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


def _kartu_pengguna(pengguna: Pengguna) -> None:
    """Who is logged in, with a logout button, at the top of the sidebar."""
    with st.sidebar:
        wilayah = f" · {pengguna.kode_wilayah}" if pengguna.kode_wilayah else ""
        st.caption(f"Masuk sebagai **{pengguna.nama}** ({pengguna.label_peran}{wilayah})")
        if st.button("Keluar", icon=":material/logout:", key="tombol_keluar"):
            keluar()
            st.rerun()


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
    try:
        periksa_unggahan(nama_berkas, len(isi))  # type and size, on the server side
    except KesalahanInput as e:
        return None, e
    with tempfile.TemporaryDirectory(prefix="unggah-") as tmp:
        path = Path(tmp) / Path(nama_berkas).name  # the base name only: no path from the client
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


def fasilitas(kode_kab: str):
    """Facility points of the kabupaten (cached until the reference file changes)."""
    return _baca_referensi("fasilitas", kode_kab)
