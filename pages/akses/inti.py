"""Core of the data-access layer: the store handle, cached reference reads, and where errors and writes are shown."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator

import pandas as pd
import streamlit as st

from geo.domain import definitions
from geo.errors import KesalahanInput, KesalahanPetaRencana, KonflikVersi
from geo.render import cetak, peta_usulan
from geo.render.aset import siapkan_aset
from geo.settings import berkas_data
from geo.store import cadangan, keadaan, kueri
from geo.store.db import Gudang
from pipelines.siapkan import siapkan

log = logging.getLogger(__name__)


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
    if not keadaan.ada_basis_data(berkas, "referensi"):  # a missing database (file or server schema) is built
        for baris in siapkan(berkas):  # the demo accounts' one-time passwords go to the server console
            log.warning("%s", baris)
    siapkan_aset()
    for sisa in cadangan.bersihkan_sisa(berkas):  # left by a load that was killed
        log.info("salinan sementara yatim dihapus: %s", sisa.name)
    return Gudang(berkas)


#: When the daily backup was last looked at, per data folder (a cheap clock before touching the disk).
_CADANGAN_DILIHAT: dict[str, float] = {}


def gudang() -> Gudang:
    """Return the process-wide store handle for ``$PETARENCANA_DATA``; take the daily backup when it is due."""
    with tangani_kesalahan():
        g = _gudang(str(berkas_data().folder))
    kunci = str(g.berkas.folder)
    if time.monotonic() - _CADANGAN_DILIHAT.get(kunci, -1e9) > 600:  # looked at every 10 minutes at most
        _CADANGAN_DILIHAT[kunci] = time.monotonic()
        with g.eksklusif():  # the working file is attached only inside a session: copy it between sessions
            if cadangan.cadangan_harian(g.berkas):
                log.info("cadangan harian data kerja dibuat")
    return g


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


#: Rows per table page, and options per long select box: what a person reads; the rest stays on the server.
BATAS_HALAMAN = 500
BATAS_PILIHAN = 1000


def sepotong(data: pd.DataFrame, kunci: str, per_halaman: int = BATAS_HALAMAN) -> pd.DataFrame:
    """The page of ``data`` to show, with a page selector when it has more rows than ``per_halaman``.

    Only the rows of the chosen page are formatted and sent to the browser; exports keep using
    the whole frame.
    """
    n = len(data)
    if n <= per_halaman:
        return data
    jumlah = -(-n // per_halaman)
    k1, k2 = st.columns([1, 3])
    ke = int(k1.number_input("Halaman", 1, jumlah, 1, key=f"halaman_{kunci}"))
    awal = (ke - 1) * per_halaman
    k2.caption(
        f"Baris {awal + 1:,}–{min(awal + per_halaman, n):,} dari {n:,} (halaman {ke} dari {jumlah})".replace(",", ".")
    )
    return data.iloc[awal : awal + per_halaman]


def keterangan_padat(jumlah: int, benda: str = "usulan") -> None:
    """Say so when a map draws its usulan (or ``benda``) per desa (:data:`geo.render.peta_usulan.BATAS_RINCI`)."""
    if jumlah > peta_usulan.BATAS_RINCI:
        st.caption(
            f"{jumlah:,} {benda}: peta menggambar satu lingkaran per desa (jumlah dan rinciannya di tooltip). "
            f"Pilih satu kecamatan di sidebar atau persempit saringan untuk melihat tiap {benda}.".replace(",", ".")
        )


def tombol_cetak(
    buat: Callable[[], list], label: tuple[str, str], nama: tuple[str, str], png_ke: int, kunci: str
) -> None:
    """Two print buttons: every page of ``buat()`` as one PDF, and page ``png_ke`` as a PNG.

    The figures are built only when a button is clicked, not on every rerun. ``label`` and
    ``nama`` are the (PDF, PNG) button labels and file names; the keys are ``kunci`` + ``_pdf``/``_png``.
    """
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button(
        label[0],
        lambda: cetak.pdf(buat()),
        file_name=nama[0],
        mime="application/pdf",
        icon=":material/print:",
        key=f"{kunci}_pdf",
    )
    c2.download_button(
        label[1],
        lambda: cetak.png(buat()[png_ke]),
        file_name=nama[1],
        mime="image/png",
        icon=":material/image:",
        key=f"{kunci}_png",
    )


def tabel(data: pd.DataFrame, kosong: str, **kwargs) -> None:
    """A table with missing values shown as "–", or, when it has no rows, ``kosong`` as a caption
    (Streamlit would draw an empty grid saying "empty")."""
    if data.empty:
        st.caption(kosong)
    else:
        st.dataframe(data, **{"hide_index": True, "width": "stretch", "placeholder": "–", **kwargs})


# --- usulan lifecycle ------------------------------------------------------------------
def _hasil_atau_pesan(fungsi, *args, **kwargs) -> tuple[object | None, object | None]:
    """Run a write; return (result, None), or (None, the KesalahanInput / conflict message).

    Input problems come back as the exception (the page lists them as a table); a version
    conflict comes back as its message; other errors stop the page with a message.
    """
    g = gudang()
    try:
        return fungsi(g, *args, **kwargs), None
    except KesalahanInput as e:
        return None, e
    except KonflikVersi as e:  # before the general case: the page offers to load the latest version
        log.info("konflik versi: %s", e)
        return None, str(e)
    except KesalahanPetaRencana as e:
        log.warning("ditampilkan ke pengguna: %s", e)
        st.error(str(e), icon=":material/error:")
        st.stop()


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


def kesehatan() -> list[str]:
    """Lines of the health check of ``$PETARENCANA_DB``/``$PETARENCANA_DATA`` (never cached: it is the probe)."""
    from geo.services.kesehatan import periksa  # noqa: PLC0415 - only the health page needs it

    hasil = periksa(berkas_data())
    return hasil.teks()
