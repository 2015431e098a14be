"""tenderkit.templates.opc."""
