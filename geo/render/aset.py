"""Offline web assets: Leaflet (and MarkerCluster) from the XStatic PyPI packages.

Streamlit serves the folder ``static/`` beside ``app.py`` at ``/app/static/`` when
``server.enableStaticServing`` is on. :func:`siapkan_aset` copies the vendored files
there (idempotent), so maps never ask a CDN for anything.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_cluster

from geo.settings import AKAR

#: Folder Streamlit serves at ``/app/static``.
FOLDER_STATIS = AKAR / "static"
_URL = "/app/static/vendor"

#: (name, URL) pairs in folium's ``default_js`` / ``default_css`` format.
JS_LEAFLET = [("leaflet", f"{_URL}/leaflet/leaflet.js")]
CSS_LEAFLET = [("leaflet_css", f"{_URL}/leaflet/leaflet.css")]
JS_CLUSTER = [("markerclusterjs", f"{_URL}/markercluster/leaflet.markercluster.js")]
CSS_CLUSTER = [
    ("markerclustercss", f"{_URL}/markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{_URL}/markercluster/MarkerCluster.Default.css"),
]


def _sumber() -> dict[str, Path]:
    return {"leaflet": Path(xs_leaflet.BASE_DIR), "markercluster": Path(xs_cluster.BASE_DIR)}


def siapkan_aset(tujuan: Path = FOLDER_STATIS) -> Path:
    """Copy Leaflet and MarkerCluster files into ``tujuan/vendor`` when missing or stale.

    Parameters
    ----------
    tujuan : Path
        The app's static folder.

    Returns
    -------
    Path
        ``tujuan / "vendor"``.
    """
    vendor = tujuan / "vendor"
    for nama, asal in _sumber().items():
        for f in asal.rglob("*"):
            if f.is_dir() or f.suffix == ".map":
                continue
            ke = vendor / nama / f.relative_to(asal)
            if ke.exists() and ke.stat().st_size == f.stat().st_size:
                continue
            ke.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, ke)
    return vendor


#: A layer file not handed out to any page for this long is removed (usulan layers change with every
#: edit, and above 3,000 usulan with every decision: without this the folder only grows).
UMUR_LAPISAN_S = 24 * 3600
#: A file handed out again has its time refreshed at most this often (so one in use is never removed).
SENTUH_S = 3600
_DISENTUH: dict[str, float] = {}
_TULISAN = [0]


def _path_lapisan(url: str, tujuan: Path) -> Path:
    return tujuan / "lapisan" / url.rsplit("/", 1)[1]


def simpan_lapisan(teks: str, tujuan: Path = FOLDER_STATIS) -> str:
    """Write a display layer (GeoJSON text) once under ``static/lapisan/<sha1>.json`` and return its URL.

    The name is the content's hash, so the browser fetches each geometry once and a new
    indicator or class scheme never sends it again; a reloaded boundary file gets a new name.
    Every 100 new files, files not handed out for :data:`UMUR_LAPISAN_S` are removed
    (:func:`bersihkan_lapisan`); a cached URL is kept alive with :func:`pakai`.
    """
    nama = hashlib.sha1(teks.encode()).hexdigest()[:20]
    path = tujuan / "lapisan" / f"{nama}.json"
    url = f"/app/static/lapisan/{nama}.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        sementara = path.with_suffix(f".{os.getpid()}.tmp")
        sementara.write_text(teks)
        os.replace(sementara, path)  # two sessions writing the same layer never leave half a file
        _TULISAN[0] += 1
        if _TULISAN[0] % 100 == 0:
            bersihkan_lapisan(tujuan)
    else:
        pakai(url, tujuan)
    _DISENTUH[url] = time.time()
    return url


def pakai(url: str, tujuan: Path = FOLDER_STATIS) -> bool:
    """Keep a handed-out layer file alive (its time refreshed at most hourly); False when it is gone."""
    sekarang = time.time()
    if sekarang - _DISENTUH.get(url, 0.0) < SENTUH_S:
        return True
    path = _path_lapisan(url, tujuan)
    try:
        os.utime(path)
    except FileNotFoundError:
        _DISENTUH.pop(url, None)
        return False
    _DISENTUH[url] = sekarang
    return True


def bersihkan_lapisan(tujuan: Path = FOLDER_STATIS, umur_s: float = UMUR_LAPISAN_S) -> int:
    """Remove layer files not handed out for ``umur_s`` seconds (by file time, shared by every process)."""
    batas = time.time() - umur_s
    n = 0
    for f in (tujuan / "lapisan").glob("*.json"):
        try:
            if f.stat().st_mtime < batas:
                f.unlink()
                n += 1
        except FileNotFoundError:  # another process removed it meanwhile
            continue
    return n


def berkas_aset(url: str) -> Path:
    """Return the source file behind one of this module's asset URLs."""
    nama, _, sisa = url.removeprefix(f"{_URL}/").partition("/")
    return _sumber()[nama] / sisa
