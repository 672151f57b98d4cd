"""``policy-site import``: an LA's Word policies become templates of the library.

:func:`import_word` is the one entry point; :mod:`.reader` reads a .docx, :mod:`.structure`
finds its headings, lists and tables, :mod:`.placeholders` recognises what each placeholder
stands for, :mod:`.writer` writes the Jinja and Markdown, :mod:`.report` says what was done.
"""

from .importer import REPORT_FILE, ImportResult, import_word
from .placeholders import Names

__all__ = ["REPORT_FILE", "ImportResult", "Names", "import_word"]
