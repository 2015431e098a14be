"""tenderkit.workspace.demo: the whole journey on bundled data, for `tender demo`."""
