"""Layer files under static/lapisan: written once per content, kept while used, removed when long unused."""

from __future__ import annotations

import os
import time

from geo.render import aset


def test_lapisan_dipakai_bertahan_yang_lama_dihapus(tmp_path, monkeypatch):
    url = aset.simpan_lapisan('{"type":"FeatureCollection","features":[]}', tmp_path)
    path = tmp_path / "lapisan" / url.rsplit("/", 1)[1]
    assert path.exists() and aset.simpan_lapisan('{"type":"FeatureCollection","features":[]}', tmp_path) == url
    lama = aset.simpan_lapisan('{"lama": 1}', tmp_path)
    path_lama = tmp_path / "lapisan" / lama.rsplit("/", 1)[1]
    dua_hari = time.time() - 2 * 24 * 3600
    for p in (path, path_lama):
        os.utime(p, (dua_hari, dua_hari))
    # handed out again (a cached URL): its time is refreshed, so it survives the clean-up
    monkeypatch.setattr(aset, "_DISENTUH", {})
    assert aset.pakai(url, tmp_path)
    assert aset.bersihkan_lapisan(tmp_path) == 1
    assert path.exists() and not path_lama.exists()
    # a URL whose file is gone says so: the caller writes it again
    assert not aset.pakai(lama, tmp_path)
    assert aset.simpan_lapisan('{"lama": 1}', tmp_path) == lama and path_lama.exists()
