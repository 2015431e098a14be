"""tenderkit.scoring."""
