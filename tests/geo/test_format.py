import math

from geo.domain.format import angka, persen, rupiah, rupiah_ringkas


def test_format_indonesia():
    assert rupiah(1_250_000) == "Rp 1.250.000"
    assert persen(12.5) == "12,5 %"
    assert angka(1234567.891, 2) == "1.234.567,89"
    assert angka(0) == "0"
    assert angka(-0.5, 1) == "-0,5"
    assert angka(None) == angka(math.nan) == "–"
    assert rupiah_ringkas(2_500_000_000) == "Rp 2,5 miliar"
    assert rupiah_ringkas(900_000) == "Rp 900.000"
