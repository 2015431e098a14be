"""The bundled workplace-compassion library: clean, complete and citing the guide."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tenderkit.clauses.library import Library, bundled_library_path
from tenderkit.clauses.lint import lint_library
from tenderkit.clauses.model import Status

#: The four domains of workplace compassion in the guide (section 2.3).
FOUR_DOMAINS = [
    "culture-values",
    "actions-activities",
    "leadership-management",
    "policies-procedures",
]
STAGES = {"procure-contract", "monitor-evaluate", "strategic-planning"}
KINDS = {"requirement", "kpi", "reporting", "evidence"}


def approved_clauses(library: Library, domain: str) -> list[str]:
    return [
        c.id
        for c in library.in_domain(domain)
        if any(v.status is Status.APPROVED for v in c.versions)
    ]


def test_the_bundled_library_lints_clean():
    """Every bundled clause passes every lint rule, the lock included."""
    findings = lint_library(bundled_library_path())
    assert [str(f) for f in findings] == []


def test_the_taxonomy_has_the_four_domains(bundled: Library):
    """The bundled taxonomy holds the guide's four domains, the three stages and four kinds."""
    assert set(FOUR_DOMAINS) <= set(bundled.taxonomy.domain_ids())
    assert set(bundled.taxonomy.stage_ids()) == STAGES
    assert set(bundled.taxonomy.kind_ids()) == KINDS


@pytest.mark.parametrize("domain", FOUR_DOMAINS)
def test_each_domain_has_at_least_eight_approved_clauses(bundled: Library, domain: str):
    """Each of the four domains has at least eight clauses with an approved version."""
    assert len(approved_clauses(bundled, domain)) >= 8


@pytest.mark.parametrize("domain", FOUR_DOMAINS)
def test_each_domain_spans_every_stage_and_kind(bundled: Library, domain: str):
    """Each domain's clauses cover all three cycle stages and all four kinds."""
    clauses = bundled.in_domain(domain)
    assert {c.stage for c in clauses} == STAGES
    assert {c.kind for c in clauses} == KINDS


def test_at_least_five_clauses_carry_a_real_version_history(bundled: Library):
    """At least five clauses have a superseded 1.0.0 followed by an approved version with a change note."""
    with_history = [
        c.id
        for c in bundled.clauses.values()
        if (first := c.version("1.0.0")) is not None
        and first.status is Status.SUPERSEDED
        and any(
            v.status is Status.APPROVED
            and v.semver > first.semver
            and (v.change_note or "").strip()
            for v in c.versions
        )
    ]
    assert len(with_history) >= 5, with_history


def test_every_clause_cites_the_guide_in_its_guidance(bundled: Library):
    """Every version's guidance cites a section or case study of the guide."""
    missing = [
        f"{c.id}@{v.version}"
        for c in bundled.clauses.values()
        for v in c.versions
        if not any(word in (v.guidance or "").lower() for word in ("section", "case study"))
    ]
    assert missing == []


def test_clause_ids_follow_their_domain_prefix(bundled: Library):
    """A clause id carries its domain's prefix (WC-CV-…, WC-LM-…)."""
    wrong: dict[str, list[str]] = defaultdict(list)
    for c in bundled.clauses.values():
        domain = bundled.taxonomy.domain(c.domain)
        assert domain is not None
        if domain.prefix and f"-{domain.prefix}-" not in c.id:
            wrong[c.domain].append(c.id)
    assert dict(wrong) == {}


def test_every_approved_version_is_in_the_lock(bundled: Library):
    """The bundled lock records every approved, superseded or withdrawn version."""
    unlocked = [
        f"{c.id}@{v.version}"
        for c in bundled.clauses.values()
        for v in c.versions
        if v.status is not Status.DRAFT and f"{c.id}@{v.version}" not in bundled.lock.approved
    ]
    assert unlocked == []
