"""tenderkit.rubrics."""
