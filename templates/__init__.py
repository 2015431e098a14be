"""tenderkit.templates."""
