"""Text that is Indonesian: metric scale bars only, Indonesian labels, numbers written the Indonesian way."""

import re

from matplotlib.figure import Figure

from geo.domain import definitions
from geo.domain.format import angka_pas, rupiah_ringkas
from geo.domain.tematik import SKEMA_KLASIFIKASI
from geo.render import cetak, maps

KATA_INGGRIS = re.compile(r"\b(natural|breaks|greedy|knapsack|none|nan|empty|miles?|feet|ft|mi)\b", re.IGNORECASE)


def test_skala_peta_hanya_metrik():
    html = maps.peta_dasar((109.0, -7.5, 109.2, -7.4)).get_root().render()
    assert "L.control.scale({metric: true, imperial: false})" in html
    assert "L.control.scale()" not in html  # folium's own control_scale shows miles and feet too


def test_skala_peta_cetak_metrik():
    for lebar_m, harapan in ((25_000, "5 km"), (2_600, "500 m"), (400, "50 m")):
        ax = Figure().add_subplot()
        ax.set_xlim(0, lebar_m)
        ax.set_ylim(0, lebar_m)
        cetak._skala(ax, lebar_m)
        teks = [t.get_text() for t in ax.texts]
        assert teks == ["0", harapan]


def test_label_pilihan_berbahasa_indonesia():
    label = [*SKEMA_KLASIFIKASI.values(), *definitions.METODE_PAGU.values()]
    assert [t for t in label if KATA_INGGRIS.search(t)] == []
    assert SKEMA_KLASIFIKASI["jenks"] == "Jeda alami (Fisher–Jenks)"


def test_angka_ringkas_untuk_kartu():
    assert rupiah_ringkas(22_152_449_000) == "Rp 22,2 miliar"
    assert rupiah_ringkas(float("nan")) == "–"
    assert angka_pas(23.977) == "23,98" and angka_pas(1440.0) == "1.440" and angka_pas(0.80) == "0,8"
