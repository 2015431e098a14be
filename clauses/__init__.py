"""tenderkit.clauses."""
