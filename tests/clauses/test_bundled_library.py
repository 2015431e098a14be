"""The bundled workplace-compassion library: clean, complete and citing the guide."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tenderkit.clauses.assembly import assemble
from tenderkit.clauses.library import Library, bundled_library_path
from tenderkit.clauses.lint import lint_library
from tenderkit.clauses.manifest import load_manifest
from tenderkit.clauses.model import Clause, ClauseVersion, ParameterType, Status
from tenderkit.clauses.resolve import resolve
from tenderkit.findings import blocking

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
    """Every bundled clause passes every lint rule, the lock included; exemptions are reasoned."""
    findings = lint_library(bundled_library_path())
    assert [str(f) for f in blocking(findings)] == []
    assert all("exempted by" in str(f) for f in findings if not f.blocking)


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


# --- release 2027.1 ------------------------------------------------------------------------


def current_versions(library: Library) -> list[tuple[Clause, ClauseVersion]]:
    """Each clause's latest approved version (what `ID` resolves to)."""
    out = []
    for clause in library.clauses.values():
        approved = [v for v in clause.versions if v.status is Status.APPROVED]
        if approved:
            out.append((clause, max(approved, key=lambda v: v.semver)))
    return out


def test_the_library_is_release_2027_1(bundled: Library):
    """library.yaml records the release the clause versions of 2027-01-01 belong to."""
    assert bundled.meta.release == "2027.1"


def test_every_current_version_says_whom_it_binds_and_where_it_belongs(bundled: Library):
    """Each clause's latest approved version carries `binds` and `placement`."""
    missing = [
        f"{c.id}@{v.version}"
        for c, v in current_versions(bundled)
        if v.binds is None or v.placement is None
    ]
    assert missing == []


def test_tender_questions_are_the_evidence_clauses_asked_of_bidders(bundled: Library):
    """Only text addressed to the Bidder goes in the tender questions, and all of it does."""
    for clause, version in current_versions(bundled):
        asks_bidder = version.text.startswith("The Bidder")
        assert (version.placement == "tender-questions") == asks_bidder, clause.id


def test_kpis_sit_in_the_quality_requirements(bundled: Library):
    """Every current key performance indicator belongs in the quality requirements."""
    placements = {v.placement for c, v in current_versions(bundled) if c.kind == "kpi"}
    assert placements == {"quality-requirements"}


def test_the_commissioner_is_bound_by_the_guide_s_lessons_for_commissioners(bundled: Library):
    """Commissioner duties: modelling, sharing and celebrating; indicators; site-visit follow-up."""
    bound = {c.id: v for c, v in current_versions(bundled) if v.binds == "commissioner"}
    assert set(bound) == {"WC-AA-009", "WC-MR-007"}
    text = " ".join(v.text for v in bound.values())
    for duty in ("model", "share", "celebrate", "agree with the Provider", "site visit"):
        assert duty in text, duty


@pytest.mark.parametrize(
    "clause_id",
    [
        "WC-CV-004",
        "WC-CV-008",
        "WC-AA-004",
        "WC-AA-005",
        "WC-LM-004",
        "WC-LM-008",
        "WC-MR-001",
        "WC-MR-002",
        "WC-PP-005",
        "WC-PP-009",
    ],
)
def test_each_kpi_defines_its_indicator(bundled: Library, clause_id: str):
    """A KPI names its data, a divided-by definition, a minimum group, baseline and period."""
    version = resolve(bundled, clause_id).version
    text = " ".join(version.text.split())
    assert "min_group_size" in version.parameters
    assert "divided by" in text
    assert "baseline" in text
    assert "months of the contract start" in text
    assert "measurement period" in text.lower()
    assert "WC-MR-003" in text, "reported in the single reporting schedule"
    if "Survey" in text:
        assert "equivalent survey" in text, "providers that do not run the NHS Staff Survey"


def test_engagement_is_measured_on_the_survey_s_0_to_10_scale(bundled: Library):
    """The engagement KPI and the between-survey measure use the 0–10 scale, not 1–5."""
    for clause_id in ("WC-MR-001", "WC-AA-005"):
        (version,) = [v for c, v in current_versions(bundled) if c.id == clause_id]
        assert "0–10 scale" in version.text
        assert "1–5" not in version.text
        assert version.parameters["target_improvement"].max == 2


def test_no_current_version_sets_a_calendar_date(bundled: Library):
    """Targets run from the contract start: no current version has a date parameter."""
    dated = [
        f"{c.id}@{v.version}.{name}"
        for c, v in current_versions(bundled)
        for name, p in v.parameters.items()
        if p.type is ParameterType.DATE
    ]
    assert dated == []


def test_one_reporting_schedule(bundled: Library):
    """Only WC-MR-003 sets how often reports are sent; other clauses report into it."""
    own_frequency = [
        c.id for c, v in current_versions(bundled) if "reporting_frequency" in v.parameters
    ]
    assert own_frequency == ["WC-MR-003"]


def test_one_plan_clause_and_one_account_of_what_staff_raised(bundled: Library):
    """The duplicate plan and themes-raised clauses are withdrawn, pointing to the survivor."""
    for clause_id, survivor in (
        ("WC-CV-007", "WC-MR-005"),
        ("WC-AA-008", "WC-MR-005"),
        ("WC-LM-006", "WC-AA-006"),
    ):
        latest = bundled.get(clause_id).versions[-1]
        assert latest.status is Status.WITHDRAWN
        assert survivor in latest.text and survivor in (latest.change_note or "")


def test_withdrawn_clauses_still_build_by_exact_pin(bundled: Library):
    """A contract let on 1.0.0 of a withdrawn clause still resolves it."""
    for clause_id in ("WC-CV-007", "WC-AA-008", "WC-LM-006"):
        resolved = resolve(bundled, f"{clause_id}@1.0.0")
        assert resolved.version.status is Status.SUPERSEDED


def test_every_version_of_release_2027_1_is_approved_with_a_role(bundled: Library):
    """Each version dated 2027-01-01 has an approver role and a change note."""
    release = [
        v for c in bundled.clauses.values() for v in c.versions if str(v.effective) == "2027-01-01"
    ]
    assert len(release) >= 40
    assert {v.approver for v in release} == {"Head of Contracts, NHS Example ICB"}
    assert all((v.change_note or "").strip() for v in release)


PINNED_TO_1X = """\
title: Pinned to the library before release 2027.1
reference: OLD-2026/SPEC/01
commissioner: NHS Example Integrated Care Board
author: Head of Commissioning
version: "1.0"
status: issued
date: 2026-06-01
regime: procurement-act-2023
rubric: workplace-compassion@1.0.0
weights: {quality: 60, price: 40}
parameters:
  service_name: Community Nursing Service
clauses:
  - {id: WC-CV-001, version: 2.0.0}
  - {id: WC-CV-007, version: 1.0.0}
  - {id: WC-AA-005, version: 1.1.0}
  - {id: WC-MR-001, version: 2.0.0}
"""


def test_a_specification_pinned_to_superseded_and_withdrawn_clauses_still_assembles(
    bundled: Library, tmp_path
):
    """Contracts let on the 1.x/2.x texts keep them, with the words they were let on."""
    path = tmp_path / "manifest.yaml"
    path.write_text(PINNED_TO_1X, encoding="utf-8")
    assembly = assemble(bundled, load_manifest(path))
    refs = [c.ref for c in assembly.clauses()]
    assert refs == ["WC-CV-001@2.0.0", "WC-CV-007@1.0.0", "WC-AA-005@1.1.0", "WC-MR-001@2.0.0"]
    assert {c.status for c in assembly.clauses()} == {Status.SUPERSEDED}
    engagement = next(c for c in assembly.clauses() if c.ref == "WC-MR-001@2.0.0")
    assert "1–5 scale" in engagement.text
