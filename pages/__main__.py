"""Start the app: ``python -m pages [streamlit options]`` (what ``make run`` does).

Same as ``streamlit run app.py``, but with Streamlit's legacy ``pages/`` handling switched
off before the first request: otherwise, on a fresh server, a first visit to a deep link
such as ``/data`` is routed through the v1 multipage mode and shows "Page not found".
"""

import sys
from pathlib import Path

from streamlit import runtime

if __name__ == "__main__" and not runtime.exists():
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    app = Path(__file__).resolve().parent.parent / "app.py"
    cli.main(["run", str(app), *sys.argv[1:]], prog_name="streamlit")
