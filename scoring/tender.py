"""The tender configuration (`tender.yaml`): who bids, who scores what, and how it is weighed.

Plain data and pure checks only; reading the file is the workspace loader's job. The
checks that need the rubric (an evaluator's `domains` must exist in it) are in
`tender_problems`, which returns YAML paths so the loader can name the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from tenderkit.award import AwardWeights, Regime, ThresholdRule
from tenderkit.rubrics.model import Criterion, Rubric

#: Ids people type: letters and digits, with `-` or `_` inside. They become file names
#: (`issued/<evaluator>.xlsx`), sheet names and Excel defined names, so they stay short.
PARTY_ID = r"^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,22}[A-Za-z0-9])?$"

#: File names Windows refuses whatever the extension (`CON.xlsx` cannot be created).
_RESERVED_FILE_NAMES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{stem}{n}" for stem in ("COM", "LPT") for n in range(1, 10)
}

PriceFormula = Literal["lowest-over-bid", "linear-penalty", "price-per-quality-point"]
TieBreak = Literal["higher-quality", "lower-price", "none"]

#: The award's split as tender.yaml gives it (the one award model, shared with the manifest).
Weights = AwardWeights


class PriceRule(BaseModel):
    """How price is turned into a score (applied by `tender compare`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    formula: PriceFormula = Field(
        description=(
            "lowest-over-bid: price score = lowest price / bid price × price weight; "
            "linear-penalty: price weight × (1 − (bid − lowest) / lowest), floored at 0; "
            "price-per-quality-point: bids ranked by price ÷ quality points, lowest first "
            "(needs weights quality 100, price 0)."
        )
    )


class Moderation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    spread_threshold: float = Field(
        default=2,
        gt=0,
        description=(
            "Rows whose spread (highest minus lowest score, in scale points) reaches this "
            "are flagged for discussion."
        ),
    )


class Bidder(BaseModel):
    """An organisation whose bid is evaluated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=PARTY_ID, description="Short id, e.g. B1; used in names and sheets.")
    name: str = Field(min_length=1, max_length=200, description="The name on the bid.")
    lot: str | None = Field(
        default=None,
        pattern=PARTY_ID,
        description="The lot bid for; evaluators allocated to the lot (`evaluators[].lots`) "
        "score it.",
    )

    @field_validator("name")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if not value.strip() or "\n" in value:
            raise ValueError("a bidder name is one line of text")
        return value


class Evaluator(BaseModel):
    """A panel member. `domains` limits what they score (default: every criterion);
    `bidders` or `lots` limits whose bids (default: every bid); `conflicts` names bidders
    they declared a conflict for before issue, whom they are never given."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=PARTY_ID, description="Short id, e.g. E1; names issued/<id>.xlsx.")
    name: str = Field(min_length=1, max_length=200)
    domains: list[str] | None = Field(
        default=None, min_length=1, description="Rubric domain ids this evaluator scores."
    )
    bidders: list[str] | None = Field(
        default=None, min_length=1, description="The bidders whose bids this evaluator scores."
    )
    lots: list[str] | None = Field(
        default=None,
        min_length=1,
        description="The lots whose bids this evaluator scores (bidders[].lot).",
    )
    conflicts: list[str] = Field(
        default_factory=list,
        description="Bidders this evaluator declared a conflict of interest for before issue.",
    )

    @model_validator(mode="after")
    def _one_allocation(self) -> Evaluator:
        if self.bidders is not None and self.lots is not None:
            raise ValueError("allocate an evaluator by 'bidders' or by 'lots', not both")
        return self

    @field_validator("id")
    @classmethod
    def _usable_file_name(cls, value: str) -> str:
        if value.upper() in _RESERVED_FILE_NAMES:
            raise ValueError(f"{value!r} cannot be a file name on Windows; choose another id")
        return value


class TenderConfig(BaseModel):
    """Everything `tender.yaml` says about one tender."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1, max_length=200)
    reference: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,63}$",
        description="The procurement reference, e.g. ICB-2027-014; stamped into every workbook.",
    )
    regime: Regime
    rubric: str = Field(
        min_length=1, description="A bundled rubric as id@version, or a path to a rubric file."
    )
    weights: Weights
    price: PriceRule | None = Field(
        default=None, validate_default=True, description="Required when price weight > 0."
    )
    tie_break: TieBreak
    thresholds: ThresholdRule = Field(description="What failing a criterion threshold does.")
    moderation: Moderation = Field(default_factory=Moderation)
    bidders: list[Bidder] = Field(min_length=1)
    evaluators: list[Evaluator] = Field(min_length=1)

    @field_validator("price")
    @classmethod
    def _price_rule(cls, value: PriceRule | None, info: ValidationInfo) -> PriceRule | None:
        # A field validator, so the message names `price` rather than the whole document.
        weights = info.data.get("weights")
        if value is None and isinstance(weights, Weights) and weights.price > 0:
            raise ValueError(
                f"weights give price {weights.price:g}%, so 'price: {{formula: lowest-over-bid}}' "
                "is required"
            )
        if (
            value is not None
            and value.formula == "price-per-quality-point"
            and isinstance(weights, Weights)
            and (weights.quality != 100 or weights.price != 0)
        ):
            raise ValueError(
                "price-per-quality-point ranks bids by price per quality point, so price "
                "earns no points: set 'weights: {quality: 100, price: 0}' (they are "
                f"quality {weights.quality:g}, price {weights.price:g})"
            )
        return value

    def evaluator(self, evaluator_id: str) -> Evaluator | None:
        return next((e for e in self.evaluators if e.id == evaluator_id), None)


def allocated_criteria(evaluator: Evaluator, rubric: Rubric) -> list[Criterion]:
    """The criteria an evaluator scores for every bidder, in rubric order."""
    return [
        criterion
        for domain, criterion in rubric.criteria()
        if evaluator.domains is None or domain.id in evaluator.domains
    ]


def allocated_bidders(config: TenderConfig, evaluator: Evaluator) -> list[Bidder]:
    """The bidders whose bids an evaluator scores, in tender.yaml order: those named in
    `bidders`, or bidding for one of `lots`, or every bidder; never one in `conflicts`."""
    chosen = [
        b
        for b in config.bidders
        if (evaluator.bidders is None or b.id in evaluator.bidders)
        and (evaluator.lots is None or b.lot in evaluator.lots)
    ]
    return [b for b in chosen if b.id not in evaluator.conflicts]


def _duplicates(kind: str, ids: list[str]) -> Iterator[tuple[int, str]]:
    """(index, message) for each id already used, ignoring case."""
    # Excel names and Windows file names ignore case, so B1 and b1 would collide.
    seen: dict[str, str] = {}
    for index, value in enumerate(ids):
        first = seen.setdefault(value.casefold(), value)
        if first == value and ids.index(value) == index:
            continue
        if first == value:
            yield index, f"{kind} id {value!r} is used twice"
        else:
            yield (
                index,
                (
                    f"{kind} id {value!r} differs from {first!r} only in case; ids name files, "
                    "sheets and cells, which ignore case"
                ),
            )


def tender_problems(
    config: TenderConfig, rubric: Rubric
) -> list[tuple[tuple[str | int, ...], str]]:
    """What is wrong with a valid-looking configuration, as (YAML path, message) pairs."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    if config.weights.social_value > 0:
        # The manifest may publish a social-value share; tender compare has no way to score it.
        problems.append(
            (
                ("weights", "social_value"),
                "tenderkit scores quality and price only; give social value no weight here "
                "(quality + price = 100)",
            )
        )
    for index, message in _duplicates("bidder", [b.id for b in config.bidders]):
        problems.append((("bidders", index, "id"), message))
    for index, message in _duplicates("evaluator", [e.id for e in config.evaluators]):
        problems.append((("evaluators", index, "id"), message))
    known = [d.id for d in rubric.domains]
    for e_index, evaluator in enumerate(config.evaluators):
        for d_index, domain in enumerate(evaluator.domains or []):
            where = ("evaluators", e_index, "domains", d_index)
            if domain not in known:
                problems.append(
                    (
                        where,
                        f"rubric {rubric.ref} has no domain {domain!r}; known: {', '.join(known)}",
                    )
                )
            elif evaluator.domains is not None and evaluator.domains.index(domain) != d_index:
                problems.append((where, f"domain {domain!r} is listed twice"))
    problems += _allocation_problems(config, rubric)
    return problems


def _allocation_problems(
    config: TenderConfig, rubric: Rubric
) -> list[tuple[tuple[str | int, ...], str]]:
    """Unknown bidders and lots in an allocation, and bids some criterion of which nobody scores."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    bidder_ids = [b.id for b in config.bidders]
    lots = sorted({b.lot for b in config.bidders if b.lot is not None})
    for e_index, evaluator in enumerate(config.evaluators):
        for field, known, what in (
            ("bidders", bidder_ids, "bidder"),
            ("conflicts", bidder_ids, "bidder"),
            ("lots", lots, "lot"),
        ):
            for index, value in enumerate(getattr(evaluator, field) or []):
                if value not in known:
                    listed = ", ".join(known) or "none"
                    problems.append(
                        (
                            ("evaluators", e_index, field, index),
                            f"no {what} {value!r}; known: {listed}",
                        )
                    )
    # Each evaluator's allocation worked out once, as ids: worked out again for every bidder
    # and criterion, it made opening a tender grow as bidders² × criteria × evaluators.
    allocations = [
        (
            {b.id for b in allocated_bidders(config, e)},
            {c.id for c in allocated_criteria(e, rubric)},
        )
        for e in config.evaluators
    ]
    for b_index, bidder in enumerate(config.bidders):
        unscored = [
            criterion.id
            for _, criterion in rubric.criteria()
            if not any(
                bidder.id in bidders and criterion.id in criteria
                for bidders, criteria in allocations
            )
        ]
        if unscored:
            problems.append(
                (
                    ("bidders", b_index, "id"),
                    f"no evaluator is allocated bidder {bidder.id} for {', '.join(unscored)}; "
                    "allocate one (`tender allocate` proposes a balanced allocation)",
                )
            )
    return problems
