"""Data access of the public Lacak Usulan app: the read-only reader and cached public reads.

Only :class:`geo.store.publik.PembacaPublik` is used here — never :class:`geo.store.db.Gudang`,
never a write — so the public process can read nothing but the public queries of that class.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import streamlit as st

from geo.errors import KesalahanPetaRencana
from geo.render.aset import siapkan_aset
from geo.settings import berkas_data
from geo.store.publik import PembacaPublik

log = logging.getLogger(__name__)


@contextlib.contextmanager
def tangani_kesalahan() -> Iterator[None]:
    """Show a PetaRencana error as a message (never a traceback) and stop the page."""
    try:
        yield
    except KesalahanPetaRencana as e:
        log.warning("ditampilkan ke pengunjung publik: %s", e)
        st.error(str(e), icon=":material/error:")
        st.stop()


@st.cache_resource(show_spinner=False)
def _pembaca(folder: str) -> PembacaPublik:
    siapkan_aset()  # Leaflet served locally: the public map never asks a CDN
    return PembacaPublik(berkas_data(folder))


def pembaca() -> PembacaPublik:
    """The process-wide read-only reader for ``$PETARENCANA_DATA``."""
    with tangani_kesalahan():
        return _pembaca(str(berkas_data().folder))


def baca(nama: str, *args):
    """Call ``PembacaPublik.<nama>(*args)``, showing a data error as a message."""
    with tangani_kesalahan():
        return getattr(pembaca(), nama)(*args)


@st.cache_data(show_spinner=False, ttl=300, max_entries=32)
def _tersimpan(folder: str, nama: str, *args):
    return getattr(_pembaca(folder), nama)(*args)


def baca_tersimpan(nama: str, *args):
    """Like :func:`baca`, cached five minutes (lists and the map change slowly)."""
    with tangani_kesalahan():
        return _tersimpan(str(berkas_data().folder), nama, *args)
