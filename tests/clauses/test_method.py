"""The method-fixing rule: requirements state outcomes, not a case study's mechanism."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tenderkit.clauses.case_studies import builtin_case_studies, builtin_index
from tenderkit.clauses.fixed_forms import FormKind, find_fixed_forms
from tenderkit.clauses.library import scan_library
from tenderkit.clauses.lint import lint_library
from tenderkit.clauses.method import text_problems
from tenderkit.clauses.model import version_hash
from tenderkit.findings import blocking
from tests.support.builders import LibraryFactory, clause, version

# Paraphrases of each case study's mechanism, written for these tests in words other than
# the guide's, each with the case study number it must be found nearest to.
PARAPHRASES: list[tuple[int, str]] = [
    (
        1,
        "Staff in each team should put forward the values they want to work by, vote on "
        "the shortlist, display the chosen values on posters and on the lanyards they wear, "
        "and read them out before each team meeting.",
    ),
    (
        2,
        "The provider must open a crowdsourcing website where every member of staff, "
        "across a wide geography, can log on during a campaign and post ideas, comments "
        "and votes.",
    ),
    (
        3,
        "Any employee must be able to send a message of thanks for a colleague to a central "
        "team, who copy it into a card and post it to the colleague with a pin badge; a "
        "paper form must be available for those without email.",
    ),
    (
        4,
        "When a colleague or a patient in their care dies, the chaplaincy should create a "
        "room where staff can share their feelings in confidence, light candles at a "
        "memorial and have time to process what happened.",
    ),
    (
        5,
        "Following an incident, those involved must receive personal feedback, the "
        "department must use a grand round to learn from the case, and a facilitator must "
        "lead reflective sessions where doctors and nurses talk about the impact.",
    ),
    (
        6,
        "The provider should convene a staff forum three times a year, each two hours "
        "long and built around a theme, which executives attend in a listening role, with "
        "each event written up and widely shared.",
    ),
    (
        7,
        "Operational staff, not management, should lead a network of peer supporters, "
        "trained through train-the-trainer courses, whom colleagues can talk to on shift "
        "after traumatic jobs.",
    ),
    (
        8,
        "Staff must rate their morale at the end of every shift as green, amber or red in a "
        "smartphone app, with anonymised results on a dashboard all staff can see.",
    ),
    (
        9,
        "Each director should invite groups of ten staff, drawn from a mix of grades, to "
        "informal sessions over tea and cake, where staff drive the agenda.",
    ),
    (
        10,
        "At the start of each shift the on-call team should gather for a quick meeting, "
        "introduce themselves, agree roles and raise any patient safety concerns.",
    ),
    (
        11,
        "Every employee should be entitled to five days of paid leave each year to "
        "volunteer for a charity or community group.",
    ),
]

# Outcome requirements on the same subjects as the case studies: none fixes a method.
OUTCOMES: list[str] = [
    "The provider must show, with evidence from staff, that staff can raise concerns "
    "safely and that concerns raised lead to action.",
    "The provider must show that staff coping with bereavement or loss at work are "
    "supported in ways they say help them.",
    "The provider must know how staff morale is changing between annual surveys and show "
    "what it did in response.",
    "Staff must be able to thank and recognise colleagues in a way that reaches everyone, "
    "whatever their role or access to a computer.",
    "The provider should show that teams whose membership changes often know each other's "
    "roles before they work together.",
    "The provider must show that the values of each team were defined by its staff and "
    "that staff feel able to challenge behaviour that departs from them.",
    "The provider should show that leaders are visible and listen to staff of every grade, "
    "and that staff see changes as a result.",
    "Staff involved in a patient safety incident must be offered support that meets their "
    "needs, in line with the Patient Safety Incident Response Framework.",
    "Staff must be able to find support for their wellbeing from colleagues as well as "
    "from managers, and the provider must show that staff use it.",
    "The provider should show that its policies let staff take part in interests and "
    "commitments outside work.",
]


def test_the_guide_has_eleven_case_studies_each_with_its_section():
    """Every case study of the guide is described, numbered 1 to 11, in section 4.1-4.4."""
    studies = builtin_case_studies()
    assert [s.number for s in studies] == list(range(1, 12))
    assert {s.section for s in studies} == {"4.1", "4.2", "4.3", "4.4"}
    assert all(len(s.features) >= 5 and s.what for s in studies)


@pytest.mark.parametrize(("number", "text"), PARAPHRASES, ids=[f"cs{n}" for n, _ in PARAPHRASES])
def test_a_paraphrase_of_each_case_study_is_found_nearest_to_it(number: int, text: str):
    """A description of a case study's mechanism, in other words, is reported as that one."""
    match = builtin_index().nearest(text)
    assert match is not None, [(m.case_study.number, m.why()) for m in builtin_index().score(text)]
    assert match.case_study.number == number, match.why()


def test_the_finding_says_which_case_study_and_which_features_matched():
    """The message names the nearest case study and quotes the features that matched."""
    problems = text_problems(("text",), [PARAPHRASES[9][1]])
    (problem,) = [p for p in problems if p.rule == "method-case-study"]
    assert "case study 10 (The daily emergency call safety huddle" in problem.message
    assert "the team introduce themselves ('introduce themselves')" in problem.message
    assert "roles allocated ('agree roles')" in problem.message


@pytest.mark.parametrize("text", OUTCOMES)
def test_an_outcome_requirement_passes(text: str):
    """An outcome with the evidence asked for is neither near a case study nor a fixed form."""
    assert text_problems(("text",), [text]) == []


def test_one_shared_word_is_not_closeness():
    """A single mechanism feature (here 'huddle') does not make a text that case study."""
    text = "Teams should have a way to share safety concerns before work, such as a huddle."
    assert builtin_index().nearest(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The Provider must report the engagement score quarterly.", None),
        ("The Provider must measure engagement every quarter with the survey questions.", None),
        ("The Provider must publish the survey results to staff within 3 months.", None),
        ("The Provider must review the plan with staff annually.", None),
        ("Themes raised must be summarised and reported to the board monthly.", None),
        ("The report must be submitted within 14 days of the end of each period.", "reporting"),
        ("Sickness absence is measured monthly and reported every quarter.", "kpi"),
        ("Results for groups of fewer than 11 members are not reported.", None),
        ("The Provider must hold a team meeting monthly to review the figures.", "kpi"),
    ],
)
def test_measurement_and_reporting_frequencies_are_not_methods(text: str, kind: str | None):
    """A period of measuring or reporting, any period in a kpi or reporting clause, or the
    group size below which results are suppressed, passes."""
    assert find_fixed_forms(text, kind=kind) == []


@pytest.mark.parametrize(
    ("text", "kind", "matched"),
    [
        ("The Provider must hold reflective sessions at least every 8 weeks.", FormKind.FREQUENCY, "at least every 8 weeks"),
        ("Teams must meet daily to plan the shift.", FormKind.FREQUENCY, "daily"),
        ("A facilitated space must be offered within 14 days of the incident.", FormKind.FREQUENCY, "within 14 days"),
        ("The meeting must take no longer than the time agreed.", FormKind.DURATION, "no longer than"),
        ("Each team holds a ten-minute meeting.", FormKind.DURATION, "ten-minute"),
        ("Sessions are held in groups of no more than 8.", FormKind.SIZE, "groups of no more than 8"),
        ("At least 90% of managers must be trained in compassionate leadership.", FormKind.SIZE, "90% of managers must be trained"),
        ("Every member of staff must be invited to a session.", FormKind.SIZE, "Every member of staff must be invited"),
        ("Support must be given face-to-face.", FormKind.FORMAT, "face-to-face"),
        ("Thanks must be possible through a paper route.", FormKind.FORMAT, "paper route"),
        ("Leaders must hold informal sessions with mixed grades.", FormKind.FORMAT, "informal sessions"),
        ("Staff receive at least 3 days' paid leave to volunteer.", FormKind.ENTITLEMENT, "at least 3 days' paid leave"),
    ],
)  # fmt: skip
def test_each_method_fixing_form_is_found(text: str, kind: FormKind, matched: str):
    """Frequency, duration, size, format and entitlement of an activity are each found."""
    found = find_fixed_forms(text)
    assert (kind, matched) in [(f.kind, f.matched) for f in found], found


def test_a_size_or_format_is_a_method_even_in_a_kpi():
    """A kpi's reporting period passes, but a target of managers trained is still a design."""
    text = "At least 90% of managers are trained, reported monthly."
    assert [f.kind for f in find_fixed_forms(text, kind="kpi")] == [FormKind.SIZE]


def method_rows(root: Any) -> list[tuple[str | None, str, bool]]:
    return [
        (f.location.path, f.rule, f.blocking)
        for f in lint_library(root)
        if f.rule.startswith(("method", "exemption"))
    ]


HUDDLE = version(
    text="Every morning the team must hold a ten-minute meeting in which members introduce "
    "themselves and roles are allocated.",
    parameters={},
    evidence=["Attendance at the daily huddle."],
)


def test_the_lint_reports_each_rule_with_its_file_line_and_path(make_library: LibraryFactory):
    """Text and evidence findings name the clause file, the line and the YAML path."""
    root = make_library(clause("WC-PP-004", HUDDLE, domain="culture-values"))
    findings = [f for f in lint_library(root) if f.rule.startswith("method")]
    assert [(f.location.path, f.rule) for f in findings] == [
        ("versions[0].text", "method-case-study"),
        ("versions[0].text", "method-fixed-form"),
        ("versions[0].evidence[0]", "method-fixed-form"),
    ]
    first = findings[0]
    assert first.location.file == root / "culture-values" / "WC-PP-004.yaml"
    assert first.location.line is not None
    assert "WC-PP-004@1.0.0 requirement describes the mechanism of case study 10" in str(first)


def test_a_placeholder_is_read_with_its_default_and_each_choice(make_library: LibraryFactory):
    """'at least {{ how_often }}' with a 'daily' choice, or a minutes default, is a fixed form."""
    v = version(
        text="The Provider must hold a team meeting {{ how_often }}.",
        parameters={
            "how_often": {
                "type": "choice",
                "description": "How often",
                "default": "when needed",
                "choices": ["when needed", "daily"],
            }
        },
    )
    root = make_library(clause("WC-CV-001", v))
    (finding,) = [f for f in lint_library(root) if f.rule == "method-fixed-form"]
    assert "frequency 'daily'" in finding.message


def test_superseded_versions_are_not_judged_again(make_library: LibraryFactory):
    """Text kept for tenders pinned to it is not reported; its approved successor is."""
    old = version("1.0.0", "superseded", **{k: HUDDLE[k] for k in ("text", "parameters")})
    new = version(
        "2.0.0",
        "approved",
        text="Teams whose membership changes should know each other's roles before they work.",
        parameters={},
        change_note="States the outcome.",
    )
    root = make_library(clause("WC-CV-001", old, new))
    assert method_rows(root) == []


def exemption(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "rule": "method-fixed-form",
        "reason": "The ten minutes are the commissioner's patient-safety standard, not a method.",
        "reviewed_by": "Head of contracts",
        "date": "2027-01-15",
    }
    body.update(fields)
    return body


def test_an_exemption_is_reported_as_such_and_does_not_fail(make_library: LibraryFactory):
    """The finding it covers is still printed, with who reviewed it, when and why."""
    v = dict(HUDDLE, lint_exemptions=[exemption(field="text")])
    root = make_library(clause("WC-CV-001", v))
    rows = method_rows(root)
    assert ("versions[0].text", "method-fixed-form", False) in rows
    assert ("versions[0].evidence[0]", "method-fixed-form", True) in rows
    (exempted,) = [f for f in lint_library(root) if not f.blocking]
    assert "exempted by Head of contracts on 2027-01-15: The ten minutes" in str(exempted)


def test_an_exemption_without_a_reason_is_refused(make_library: LibraryFactory):
    """A blank or one-word reason is a schema error at the exemption's reason."""
    v = dict(HUDDLE, lint_exemptions=[exemption(reason="ok")])
    root = make_library(clause("WC-CV-001", v))
    findings = blocking(lint_library(root))
    assert [(f.rule, f.location.path) for f in findings] == [
        ("schema", "versions[0].lint_exemptions[0].reason")
    ]
    assert "needs a reason" in findings[0].message


def test_an_exemption_of_a_rule_that_cannot_be_exempted_is_refused(make_library: LibraryFactory):
    """Only the wording rules can be exempted; a lock mismatch cannot."""
    v = dict(HUDDLE, lint_exemptions=[exemption(rule="lock-mismatch")])
    root = make_library(clause("WC-CV-001", v))
    (finding,) = blocking(lint_library(root))
    assert finding.location.path == "versions[0].lint_exemptions[0].rule"


def test_an_exemption_that_covers_nothing_is_a_finding(make_library: LibraryFactory):
    """A stale exemption is reported so that it is removed, not kept as a blanket pass."""
    v = version(lint_exemptions=[exemption(rule="method-case-study")])
    root = make_library(clause("WC-CV-001", v))
    assert method_rows(root) == [("versions[0].lint_exemptions[0]", "exemption-unused", True)]


def test_an_exemption_leaves_the_approved_content_hash_unchanged(tmp_path: Any):
    """Exemptions record a review of the lint, so adding one needs no new version."""
    from tests.support.builders import write_library

    plain = write_library(tmp_path / "a", clause("WC-CV-001", HUDDLE))
    exempted = write_library(
        tmp_path / "b", clause("WC-CV-001", dict(HUDDLE, lint_exemptions=[exemption()]))
    )
    (a, _), (b, _) = scan_library(plain), scan_library(exempted)
    ca, cb = a.get("WC-CV-001"), b.get("WC-CV-001")
    assert cb.versions[0].lint_exemptions[0].date == dt.date(2027, 1, 15)
    assert version_hash(ca, ca.versions[0]) == version_hash(cb, cb.versions[0])
