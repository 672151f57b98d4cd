"""Word, both ways: copies of every policy as .docx (:mod:`.docx_writer`), and
``policy-site import``, which turns an LA's Word policies into templates of the library.

For import, :func:`.importer.import_word` is the one entry point; :mod:`.reader` reads a
.docx, :mod:`.structure` finds its headings, lists and tables, :mod:`.placeholders`
recognises what each placeholder stands for, :mod:`.writer` writes the Jinja and Markdown,
:mod:`.report` says what was done. Nothing is imported here, so that building a site does
not load the import's libraries.
"""
