"""Health of the store: which backend, and whether both schemas are at the version this code expects.

Used by ``python -m pipelines sehat`` (exit code 0 healthy, 2 not: for a service monitor or a
reverse proxy's health check) and the ``?sehat`` page of the app. It reveals no data and no
password: the backend kind, the server host and database name, and the schema versions.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.errors import KesalahanPetaRencana
from geo.settings import BerkasData
from geo.store import keadaan, server, skema


@dataclass(frozen=True)
class Kesehatan:
    """What the health check found.

    Attributes
    ----------
    penyimpanan : str
        ``"PostgreSQL/PostGIS <host/db>"`` or ``"DuckDB (berkas) <folder>"``.
    versi : dict
        Schema version found per schema (None: missing).
    harap : dict
        Schema version this code expects per schema.
    pesan : str
        Empty when healthy, else the Indonesian reason.
    """

    penyimpanan: str
    versi: dict[str, int | None]
    harap: dict[str, int]
    pesan: str

    @property
    def sehat(self) -> bool:
        """Whether the store is reachable and both schemas are current."""
        return not self.pesan and self.versi == self.harap

    def teks(self) -> list[str]:
        """Lines for the CLI and the page."""
        baris = [f"Penyimpanan: {self.penyimpanan}"]
        for j, h in self.harap.items():
            baris.append(
                f"Skema {j}: versi {self.versi.get(j) if self.versi.get(j) is not None else '-'} (aplikasi: {h})"
            )
        baris.append("Status: SEHAT" if self.sehat else f"Status: TIDAK SEHAT — {self.pesan or 'versi skema berbeda'}")
        return baris


def periksa(berkas: BerkasData) -> Kesehatan:
    """Check the store of ``berkas`` without writing anything."""
    harap = {j: skema.versi_terbaru(j) for j in ("referensi", "kerja")}  # type: ignore[arg-type]
    if berkas.server:
        nama = "PostgreSQL/PostGIS " + server.samarkan(berkas.server).split("@")[-1]
    else:
        nama = f"DuckDB (berkas) {berkas.folder}"
    try:
        versi = keadaan.status_server(berkas) if berkas.server else keadaan.status_berkas(berkas)
    except KesalahanPetaRencana as e:
        return Kesehatan(nama, dict.fromkeys(harap), harap, str(e))
    return Kesehatan(nama, versi, harap, "")
