"""tenderkit.templates.excel."""
