"""Word copies of the policies: the same text as the site and the PDFs, as .docx."""
