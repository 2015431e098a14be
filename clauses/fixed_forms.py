"""Method-fixing forms: a requirement that fixes how often, how long, how big or in what
format an activity runs, or a fixed entitlement, where it should state an outcome.

Five kinds are found:

- frequency: "daily", "every 8 weeks", "three times a year", and a fixed timing such as
  "within 14 days" when it is applied to an activity;
- duration: "10 minutes", "two-hour", "no longer than";
- size: "groups of no more than 8", "90% of managers trained", "every member of staff
  invited";
- format: a set way of doing it ("face-to-face", "a paper route", "informal sessions",
  "mixed grades", "drop-in");
- entitlement: "at least 3 days' paid leave".

Measurement and reporting periods are not methods. A frequency or timing is passed when
the nearest verb or object that governs it, in the same sentence, is one of measuring or
reporting (report, measure, survey, submit, publish, review, data...) rather than of
running an activity (hold, run, meet, train, session...), and always in a clause whose
kind is a reporting period by nature (`kpi`, `reporting`). A group size passes the same
way when it governs reporting ("results for groups of fewer than 11 members are not
reported" is the survey's suppression rule). Other sizes, durations, formats and
entitlements are methods whatever the verb: "90% of managers trained" is a training
design even as a target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

#: Clause kinds whose frequencies are reporting periods.
REPORTING_KINDS = frozenset({"kpi", "reporting"})

_NUM = (
    r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|forty-five|fifty|sixty|ninety)"
)
_PERIOD = r"(?:day|week|fortnight|month|quarter|year|morning|evening|night|shift|session)"


class FormKind(StrEnum):
    FREQUENCY = "frequency"
    DURATION = "duration"
    SIZE = "size"
    FORMAT = "format"
    ENTITLEMENT = "entitlement"


@dataclass(frozen=True)
class _Form:
    kind: FormKind
    pattern: re.Pattern[str]
    #: Whether a measuring or reporting context passes it (frequencies and timings only).
    periodic: bool = False
    #: Whether it is reported only when an activity governs it (timings: "within 14 days").
    needs_activity: bool = False
    #: Whether a measuring or reporting context passes it although it is not a period: a
    #: group size below which results are not reported is a reporting rule, not a method.
    reporting_ok: bool = False


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + pattern + r"(?![\w-])", re.IGNORECASE)


_FORMS: tuple[_Form, ...] = (
    _Form(
        FormKind.FREQUENCY,
        _rx(
            r"(?:daily|weekly|fortnightly|monthly|bi-?monthly|quarterly|annually|yearly|"
            r"hourly|nightly|six-monthly|twice-yearly)"
        ),
        periodic=True,
    ),
    _Form(
        FormKind.FREQUENCY,
        _rx(rf"(?:at least\s+)?every\s+(?:other\s+|{_NUM}\s+)?{_PERIOD}s?"),
        periodic=True,
    ),
    _Form(
        FormKind.FREQUENCY,
        _rx(rf"(?:once|twice|{_NUM}\s+times)\s+(?:a|per|each|every)\s+{_PERIOD}"),
        periodic=True,
    ),
    _Form(FormKind.FREQUENCY, _rx(rf"on\s+a\s+rolling\s+{_NUM}[- ]{_PERIOD}"), periodic=True),
    _Form(
        FormKind.FREQUENCY,
        _rx(rf"within\s+{_NUM}\s+(?:working\s+)?(?:hour|day|week|month)s?"),
        periodic=True,
        needs_activity=True,
    ),
    _Form(FormKind.DURATION, _rx(rf"{_NUM}[- ](?:minute|min|hour|hr)s?")),
    _Form(FormKind.DURATION, _rx(r"no\s+longer\s+than")),
    _Form(
        FormKind.DURATION,
        _rx(r"last(?:s|ing)?\s+(?:no more than|at least|up to|about|around)"),
    ),
    _Form(
        FormKind.SIZE,
        reporting_ok=True,
        pattern=_rx(
            rf"groups?\s+of\s+(?:no\s+more\s+than\s+|up\s+to\s+|at\s+most\s+|at\s+least\s+|"
            rf"between\s+|about\s+|around\s+)?{_NUM}"
        ),
    ),
    _Form(
        FormKind.SIZE,
        reporting_ok=True,
        pattern=_rx(
            rf"(?:no\s+more\s+than|up\s+to|at\s+most|at\s+least|a\s+maximum\s+of|"
            rf"a\s+minimum\s+of|fewer\s+than|no\s+fewer\s+than)\s+{_NUM}\s+"
            r"(?:people|staff|participants|members|attendees|delegates|colleagues|employees)"
        ),
    ),
    _Form(
        FormKind.SIZE,
        _rx(
            rf"{_NUM}\s*(?:%|per\s?cent|percent)\s+of\s+(?:all\s+)?(?:[a-z-]+\s+){{0,6}}?"
            r"(?:(?:are|is|have|has|must|should|will|be|been)\s+){0,2}"
            r"(?:trained|train|attend|attended|attending|complete|completed|completing|"
            r"participate|participated|participating|invited|receive|received)"
        ),
    ),
    _Form(
        FormKind.SIZE,
        _rx(
            r"(?:every|each|all)\s+(?:members?\s+of\s+staff|staff\s+members?|employees?|"
            r"colleagues?)\s+(?:(?:is|are|has|have|been|will|be|must|should)\s+){0,2}invited"
        ),
    ),
    _Form(
        FormKind.FORMAT,
        _rx(
            r"(?:face[- ]to[- ]face|in[- ]person|paper\s+(?:route|form|forms|copy|copies|card|cards)|"
            r"paper-based|informal\s+(?:sessions?|meetings?|gatherings?)|mixed\s+grades?|"
            r"mix\s+of\s+grades|small\s+groups?|drop-in|one-to-one\s+sessions?|"
            r"pin\s+badges?|thank[- ]you\s+cards?|proforma|pro\s+forma|(?:an?|the|via|through)\s+app|"
            r"huddles?|stand-up\s+meetings?|online\s+platform|staff-set\s+agenda|"
            r"traffic[- ]light|green,?\s*/?\s*amber,?\s*/?\s*(?:or\s+|and\s+)?red)"
        ),
    ),
    _Form(
        FormKind.ENTITLEMENT,
        _rx(
            rf"(?:(?:at\s+least|up\s+to|a\s+minimum\s+of|no\s+fewer\s+than|not\s+less\s+than)\s+)?"
            rf"{_NUM}\s+(?:working\s+)?(?:days?|hours?|weeks?)(?:'|’)?\s+(?:of\s+)?"
            r"(?:paid\s+|unpaid\s+|special\s+|additional\s+|volunteering\s+|study\s+)?"
            r"(?:leave|time\s+off|release|holiday)"
        ),
    ),
    _Form(
        FormKind.ENTITLEMENT,
        _rx(rf"(?:paid|special|volunteering|carers?'?)\s+leave\s+of\s+(?:up\s+to\s+)?{_NUM}"),
    ),
)

# Words that govern a frequency. Whichever is nearest the frequency in its sentence
# decides: a measuring or reporting word passes it, an activity word reports it.
_MEASURING = {
    "report", "reports", "reported", "reporting",
    "measure", "measures", "measured", "measuring", "measurement", "measurements",
    "survey", "surveys", "surveyed", "pulse",
    "submit", "submits", "submitted", "submission",
    "publish", "publishes", "published",
    "monitor", "monitors", "monitored", "monitoring",
    "review", "reviews", "reviewed", "reviewing",
    "update", "updates", "updated", "refresh", "refreshed",
    "collect", "collected", "collects", "record", "records", "recorded",
    "data", "results", "figures", "indicator", "indicators", "kpi", "kpis", "dashboard",
    "return", "returns", "summary", "analyse", "analysed", "analysis", "audit", "audited",
    "evaluate", "evaluated", "evaluation", "assess", "assessed", "assessment",
    "period", "periods", "baseline", "target", "score", "scores",
    "respondents", "responses", "suppressed", "suppress", "disclosed", "shown",
}  # fmt: skip
_ACTIVITY = {
    "hold", "holds", "held", "run", "runs", "running", "meet", "meets", "meeting", "meetings",
    "train", "trains", "trained", "training", "session", "sessions", "huddle", "huddles",
    "forum", "forums", "round", "rounds", "deliver", "delivers", "delivered", "facilitate",
    "facilitated", "facilitates", "attend", "attends", "attended", "invite", "invited",
    "offer", "offers", "offered", "organise", "organised", "convene", "convened",
    "gather", "gathering", "event", "events", "workshop", "workshops", "briefing",
    "debrief", "debriefing", "supervision", "thank", "thanked", "celebrate", "celebrated",
    "space", "spaces", "visit", "visits", "walkabout", "walkabouts", "conversation",
    "conversations", "support", "access", "opportunity", "opportunities",
}  # fmt: skip

_SENTENCE = re.compile(r"[^.;:\n]+")
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class FixedForm:
    """A method-fixing form found in a text."""

    kind: FormKind
    matched: str
    start: int


def _governing(sentence: str, start: int, end: int) -> str | None:
    """'measuring', 'activity' or None: the nearest governing word to sentence[start:end]."""
    best: tuple[int, str] | None = None
    for m in _WORD.finditer(sentence.lower()):
        word = m.group()
        side = "measuring" if word in _MEASURING else "activity" if word in _ACTIVITY else None
        if side is None or start <= m.start() < end:
            continue
        distance = start - m.end() if m.end() <= start else m.start() - end
        # On a tie the activity wins: "hold and report monthly" still fixes the meeting.
        rank = (distance, 0 if side == "activity" else 1)
        if best is None or rank < (best[0], 0 if best[1] == "activity" else 1):
            best = (distance, side)
    return best[1] if best else None


def find_fixed_forms(text: str, *, kind: str | None = None) -> list[FixedForm]:
    """Every method-fixing form in text, in order; kind is the clause kind, if any."""
    found: list[FixedForm] = []
    taken: list[tuple[int, int]] = []
    for sentence_match in _SENTENCE.finditer(text):
        sentence = sentence_match.group()
        offset = sentence_match.start()
        for form in _FORMS:
            for m in form.pattern.finditer(sentence):
                span = (offset + m.start(), offset + m.end())
                if any(a < span[1] and span[0] < b for a, b in taken):
                    continue
                if form.periodic and kind in REPORTING_KINDS:
                    continue
                if form.periodic or form.reporting_ok:
                    side = _governing(sentence, m.start(), m.end())
                    if side == "measuring" or (form.needs_activity and side != "activity"):
                        continue
                taken.append(span)
                found.append(FixedForm(form.kind, m.group().strip(), span[0]))
    return sorted(found, key=lambda f: f.start)
