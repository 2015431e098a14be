"""tenderkit.workspace: the application layer, a tender workspace on disk and its steps."""
