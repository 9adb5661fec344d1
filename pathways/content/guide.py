"""The merged, validated guide of one community: what every later stage reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from pathways.content.translations import Origin
from pathways.content.models import Community, LayerIndex, Organization, Location, Program, Service, Source, Status, Step, Term, Topic


@dataclass(frozen=True)
class ProsePage:
    """One prose file, validated, in one language."""

    key: str  # "pages/first-72-hours.md"
    lang: str
    title: str
    summary: str | None
    order: int
    body: str
    path: str


@dataclass(frozen=True)
class LifecycleEvent:
    """A service or organisation that opened or closed recently, or will (for the changes page)."""

    kind: str  # "services" or "organizations"
    record_id: str
    name: object  # the record's Text name
    day: object  # dt.date
    event: str  # "opens" or "closes"
    upcoming: bool


@dataclass(frozen=True)
class Guide:
    community: Community
    layers: tuple[str, ...]
    statuses: dict[str, Status]
    programs: dict[str, Program]
    organizations: dict[str, Organization]
    locations: dict[str, Location]
    services: dict[str, Service]
    steps: dict[str, Step]
    topics: dict[str, Topic]
    sources: dict[str, Source] = field(default_factory=dict)  # sources.yaml of every layer, by id
    glossary: dict[str, Term] = field(default_factory=dict)  # glossary.yaml, merged by id like every record
    prose: dict[str, dict[str, ProsePage]] = field(default_factory=dict)  # key → lang → page
    layer_of: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) → lowest layer
    indexes: dict[str, LayerIndex] = field(default_factory=dict)
    lifecycle: tuple[LifecycleEvent, ...] = ()  # set by evaluate.open_guide: what opened/closed around as_of
    translated: dict[str, dict[str, Origin]] = field(default_factory=dict)  # lang → translated text → how made

    def ancestors(self, status_id: str) -> list[str]:
        """The status itself, then its parent, grandparent… (cycles are refused by validation)."""
        chain = []
        current: str | None = status_id
        while current is not None and current in self.statuses and current not in chain:
            chain.append(current)
            current = self.statuses[current].parent
        return chain

    def children(self, status_id: str) -> list[str]:
        return [s.id for s in self.sorted_statuses() if s.parent == status_id]

    def leaf_statuses(self) -> list[Status]:
        """Statuses a person actually holds (those without children)."""
        parents = {s.parent for s in self.statuses.values()}
        return [s for s in self.sorted_statuses() if s.id not in parents]

    def sorted_statuses(self) -> list[Status]:
        return sorted(self.statuses.values(), key=lambda s: (s.order, s.id))

    def covers(self, statuses: list[str], status_id: str) -> bool:
        """Whether a list of status ids names this status or one of its ancestors."""
        return any(a in statuses for a in self.ancestors(status_id))

    def review_period(self, kind: str, record_id: str) -> int | None:
        """The review period of the record's lowest layer, else of the nearest layer above that sets one."""
        layer = self.layer_of.get((kind, record_id))
        above = self.layers[: self.layers.index(layer) + 1] if layer in self.layers else ()
        for name in reversed(above):
            index = self.indexes.get(name)
            if index is not None and index.review_period_days:
                return index.review_period_days
        return None
