"""tenderkit.cli."""
