"""Streamlit stays at the edge: only app.py and pages/ import it."""

import ast
import re
from pathlib import Path

import pytest

AKAR = Path(__file__).resolve().parent.parent


def _impor(path: Path) -> set[str]:
    pohon = ast.parse(path.read_text(), filename=str(path))
    nama = set()
    for n in ast.walk(pohon):
        if isinstance(n, ast.Import):
            nama |= {a.name.split(".")[0] for a in n.names}
        elif isinstance(n, ast.ImportFrom) and n.module:
            nama.add(n.module.split(".")[0])
    return nama


@pytest.mark.parametrize("folder", ["geo", "pipelines", "benchmarks"])
def test_tanpa_streamlit(folder):
    pelanggar = [
        str(p.relative_to(AKAR))
        for p in sorted((AKAR / folder).rglob("*.py"))
        if _impor(p) & {"streamlit", "streamlit_folium"}
    ]
    assert pelanggar == [], f"modul ini tidak boleh mengimpor streamlit: {pelanggar}"


def test_halaman_tipis():
    """Pages hold no SQL and no DuckDB: they go through geo/ and the data-access module pages/__init__.py."""
    for p in sorted((AKAR / "pages").rglob("*.py")):
        teks = p.read_text()
        assert "duckdb" not in _impor(p), p
        if p.name != "__init__.py":
            for kata in ("SELECT ", "INSERT ", "UPDATE ", "DELETE "):
                assert kata not in teks, f"{p.name} berisi SQL ({kata.strip()})"


def test_telemetri_mati_dan_statis_aktif():
    import tomllib

    konf = tomllib.loads((AKAR / ".streamlit" / "config.toml").read_text())
    assert konf["browser"]["gatherUsageStats"] is False
    assert konf["server"]["enableStaticServing"] is True
    assert konf["server"]["address"] == "localhost"
    assert konf["server"]["enableWebsocketCompression"] is True  # map documents travel compressed
    # tables offer no CSV of their own (formula text as is, names of attendees): exports are the app's XLSX
    assert konf["client"]["disableDataExport"] is True


def test_tanpa_halaman_v1_di_pages():
    """pages/ holds no page script of its own (Streamlit would run it as a legacy page on a deep link)."""
    assert sorted(p.name for p in (AKAR / "pages").glob("*.py")) == ["__init__.py", "__main__.py"]


def _modul_kode() -> list[Path]:
    berkas = [AKAR / "app.py"]
    for folder in ("geo", "pipelines", "pages"):
        berkas += sorted((AKAR / folder).rglob("*.py"))
    return berkas


def test_tidak_ada_modul_di_atas_600_baris():
    besar = {str(p.relative_to(AKAR)): n for p in _modul_kode() if (n := len(p.read_text().splitlines())) > 600}
    assert besar == {}, f"pecah modul ini (batas 600 baris): {besar}"


def _impor_lengkap(path: Path) -> set[str]:
    pohon = ast.parse(path.read_text(), filename=str(path))
    nama = set()
    for n in ast.walk(pohon):
        if isinstance(n, ast.Import):
            nama |= {a.name for a in n.names}
        elif isinstance(n, ast.ImportFrom) and n.module:
            nama |= {n.module, *(f"{n.module}.{a.name}" for a in n.names)}
    return nama


@pytest.mark.parametrize(
    ("lapisan", "terlarang"),
    [
        ("geo/domain", ("geo.store", "geo.services", "geo.render", "duckdb", "pipelines", "pages")),
        ("geo/render", ("geo.store", "geo.services", "duckdb", "pipelines", "pages")),
        ("geo/store", ("geo.services", "geo.render", "pipelines", "pages")),
        ("geo/services", ("pipelines", "pages")),
    ],
)
def test_lapisan_hanya_memanggil_ke_bawah(lapisan, terlarang):
    """domain ← store ← services; render never reaches the store; nothing in geo/ reaches pipelines or pages."""
    pelanggar = {
        str(p.relative_to(AKAR)): sorted(i for i in _impor_lengkap(p) if i.startswith(terlarang))
        for p in sorted((AKAR / lapisan).rglob("*.py"))
    }
    pelanggar = {k: v for k, v in pelanggar.items() if v}
    assert pelanggar == {}, f"{lapisan} mengimpor lapisan yang tidak boleh: {pelanggar}"


def test_log_audit_hanya_bertambah():
    """No SQL string anywhere in the project changes or deletes audit rows (append-only from the application)."""
    tabel = r"(kerja\.)?audit_log"
    pola = re.compile(rf"\b(UPDATE\s+{tabel}|DELETE\s+FROM\s+{tabel}|DROP\s+TABLE\s+{tabel})", re.IGNORECASE)
    pelanggar = []
    for p in _modul_kode():
        for n in ast.walk(ast.parse(p.read_text())):
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and pola.search(n.value):
                pelanggar.append(f"{p.relative_to(AKAR)}:{n.lineno}")
    assert pelanggar == []
