"""Render layer: offline maps, display GeoJSON, print maps, PDFs, XLSX, number formatting. No store access."""
