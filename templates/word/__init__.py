"""tenderkit.templates.word."""
