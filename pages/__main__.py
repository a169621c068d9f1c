"""Start the app: ``python -m pages [streamlit options]`` (what ``make run`` does).

Same as ``streamlit run app.py``, but with Streamlit's legacy ``pages/`` handling switched
off before the first request: otherwise, on a fresh server, a first visit to a deep link
such as ``/data`` is routed through the v1 multipage mode and shows "Page not found".

The data layers are imported with this package; mapclassify, which pulls in scikit-learn
(~1.2 s of CPU), is imported in a background thread while the server starts, so the first
visitor of a thematic map does not wait for it (the CLI never imports it).
"""

import importlib
import sys
import threading
from pathlib import Path

from streamlit import runtime

#: Modules imported while the server starts (they would otherwise load on the first visit).
PANASKAN = ("mapclassify",)


def _panaskan() -> None:
    for nama in PANASKAN:
        importlib.import_module(nama)


if __name__ == "__main__" and not runtime.exists():
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    threading.Thread(target=_panaskan, name="panaskan-impor", daemon=True).start()
    app = Path(__file__).resolve().parent.parent / "app.py"
    cli.main(["run", str(app), *sys.argv[1:]], prog_name="streamlit")
