"""Page-wide CSS for the Streamlit app (a string; injected once per run by ``pages.sidebar``)."""

# Text that fits: metric values and deltas, button labels and multiselect chips wrap onto a
# second line instead of being cut with "…" (Streamlit truncates them on one line by default).
GAYA_TEKS_UTUH = """<style>
[data-testid="stMetricValue"] {font-size: 1.75rem;}
[data-testid="stMetricValue"] > div, [data-testid="stMetricDelta"] > div,
[data-testid="stMetricValue"] p, [data-testid="stMetricDelta"] p,
button [data-testid="stMarkdownContainer"], button [data-testid="stMarkdownContainer"] p,
[data-baseweb="tag"], [data-baseweb="tag"] span {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  max-width: none !important; height: auto !important; overflow-wrap: anywhere;
}
[data-testid="stMetricDelta"] {height: auto !important;}
[data-testid="stMultiSelect"] div:has(> [data-testid="stMultiSelectTagsContainer"]) {max-height: none !important;}
[data-testid="stMultiSelectTagsContainer"] {flex-wrap: wrap !important; overflow: visible !important;}
</style>"""
