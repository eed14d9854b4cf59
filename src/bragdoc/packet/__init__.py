"""The promotion packet: context → Jinja Markdown draft → renderers (md, html, pdf, docx)."""
