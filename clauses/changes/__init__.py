"""tenderkit.clauses.changes: what changed between clause versions and library releases.

Word diffs (`worddiff`), clause diffs (`clause_diff`), their severity and the semver-bump
rule (`severity`), release reports between two library states (`release`, `sources`,
`history`), and the text views of each.
"""
