"""Zip and KMZ uploads whose members point outside the archive (issue 13 §5): refused, nothing written.

Other hostile inputs of that list are tested where their rule lives: type and size of an upload in
``tests/geo/test_masukan.py``, points and lines as desa and a kecamatan code in a desa file in
``tests/pipelines/test_batas_periksa.py``.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from geo.errors import KesalahanInput
from pipelines.muat import OpsiBatas, muat_batas
from tests.pipelines.berkas_uji import gdf_desa, tulis_vektor


def _sidik(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the hash of its content."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def _zip_jahat(folder: Path, awalan: str) -> Path:
    """A shapefile of four good desa whose members are named ``awalan + desa.*``."""
    shp = tulis_vektor(gdf_desa(), folder / "sumber", "shp-folder")
    path = folder / "unggah" / "desa.zip"
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w") as z:
        for f in sorted(shp.iterdir()):
            z.writestr(zipfile.ZipInfo(awalan + f.name), f.read_bytes())  # ZipInfo keeps the name as given
    return path


@pytest.mark.parametrize("awalan", ["../../", "desa/../../../", "/tmp/", "C:/Windows/"])
def test_zip_dengan_jalur_keluar_ditolak(data_demo, tmp_path, awalan):
    path = _zip_jahat(tmp_path, awalan)
    assert any(n.startswith(awalan) for n in zipfile.ZipFile(path).namelist())
    sebelum_data, sebelum_tmp = _sidik(data_demo.folder), _sidik(tmp_path)
    with pytest.raises(KesalahanInput) as e:
        muat_batas(path, OpsiBatas(), data_demo)
    teks = str(e.value)
    assert "desa.zip" in teks and f"{awalan}desa.shp" in teks and "tanpa '..' dan tanpa jalur mutlak" in teks
    assert "kemas ulang zip" in teks  # what to do
    # nothing extracted anywhere, nothing loaded
    assert _sidik(tmp_path) == sebelum_tmp
    assert _sidik(data_demo.folder) == sebelum_data
    assert not list(tmp_path.parent.glob("desa.*"))


def test_kmz_dengan_jalur_keluar_ditolak(data_demo, tmp_path):
    kml = tulis_vektor(gdf_desa(), tmp_path / "kml", "kml")
    path = tmp_path / "desa.kmz"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("../doc.kml"), kml.read_bytes())
    sebelum = _sidik(data_demo.folder)
    with pytest.raises(KesalahanInput, match=r"desa\.kmz") as e:
        muat_batas(path, OpsiBatas(), data_demo)
    assert "../doc.kml" in str(e.value) and "jalur mutlak" in str(e.value)
    assert _sidik(data_demo.folder) == sebelum


def test_zip_biasa_tetap_terbaca(data_demo, tmp_path):
    """Members in a folder of the zip (how Windows and QGIS pack a shapefile) are fine."""
    lap = muat_batas(_zip_jahat(tmp_path, "desa/"), OpsiBatas(), data_demo)
    assert lap.baris_keluar == 4
