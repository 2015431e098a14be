"""Cross-checks between clauses and the rubric that scores them, as pure functions.

- a clause's word limit for a bidder's response and its criterion's word limit agree;
- every criterion of the rubric assesses at least one clause of the specification being
  built (a criterion with nothing to assess in this tender scores nothing it asks for);
- every obligation word the clauses use has a defined meaning in the specification.

`rubrics.checks` runs the word-limit check against the clause library (`tender rubric
lint`); `templates.specification` runs all three against the specification being built,
as warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tenderkit.clauses.model import ClauseVersion, ParameterType, ParamValue
from tenderkit.rubrics.model import Criterion, Rubric

_LIMIT_IN_TEXT = re.compile(
    r"(?:not\s+exceed|no\s+more\s+than|up\s+to|a\s+maximum\s+of|at\s+most|limit\s+of)\s+"
    r"(\d[\d,]*)\s+words",
    re.IGNORECASE,
)


def clause_word_limit(
    version: ClauseVersion, values: Mapping[str, ParamValue] | None = None
) -> int | None:
    """The word limit a clause version sets for the response, if it sets one.

    An integer parameter whose unit is "words" (its value in values, else its default),
    else a figure written in the text ("must not exceed 750 words").
    """
    for name, param in version.parameters.items():
        if param.type is ParameterType.INTEGER and (param.unit or "").strip().lower() == "words":
            value = (values or {}).get(name, param.default)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
    match = _LIMIT_IN_TEXT.search(version.text)
    return int(match.group(1).replace(",", "")) if match else None


@dataclass(frozen=True)
class WordLimitMismatch:
    """A criterion whose word limit differs from that of a clause it assesses."""

    criterion: Criterion
    clause_index: int  # position in the criterion's `clauses` list
    clause_id: str
    clause_limit: int

    def message(self) -> str:
        limit = self.criterion.word_limit
        theirs = f"allows {limit} words" if limit is not None else "sets no word limit"
        return (
            f"criterion {self.criterion.id} {theirs} but clause {self.clause_id} asks for a "
            f"response of at most {self.clause_limit}; make the two agree, so bidders are "
            "given one limit"
        )


def word_limit_mismatches(
    rubric: Rubric, clause_limits: Mapping[str, int | None]
) -> list[WordLimitMismatch]:
    """Every criterion and assessed clause whose word limits disagree.

    clause_limits maps clause id to the limit its version in use sets (None: no limit);
    clauses not in it are not checked.
    """
    out = []
    for _, criterion in rubric.criteria():
        for k, clause_id in enumerate(criterion.clauses):
            limit = clause_limits.get(clause_id)
            if limit is not None and limit != criterion.word_limit:
                out.append(WordLimitMismatch(criterion, k, clause_id, limit))
    return out


def criteria_assessing_nothing(rubric: Rubric, clause_ids: Iterable[str]) -> list[Criterion]:
    """The criteria linked to clauses, none of which is among clause_ids (one specification's).

    A criterion that lists no clauses is a general question the rubric's author chose to
    ask of every tender, not one left behind by the clauses chosen, and is not reported.
    """
    present = set(clause_ids)
    return [c for _, c in rubric.criteria() if c.clauses and not present.intersection(c.clauses)]


def undefined_obligations(used: Iterable[str], defined: Iterable[str]) -> list[str]:
    """Obligation words used by clauses that the specification does not define, in order."""
    known = {w.casefold() for w in defined}
    seen: dict[str, None] = {}
    for word in used:
        if word.casefold() not in known:
            seen.setdefault(word, None)
    return list(seen)
