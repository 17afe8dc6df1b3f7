"""Layout of the structure diagram, computed from `selectors.structure()`: no fixed coordinates
per organisation, so the drawing follows the data.

National authorities stand on the left, grouped by ministry; the regional and local kinds of actor
stand on the right. A line runs from each authority to every kind it supports; arcs on the right
show how the kinds hang together (a police district has an infohus and municipalities, ...)."""

from dataclasses import dataclass

from forebyg.actors.models import Organisation
from forebyg.actors.selectors import KindGroup, Structure

LEFT_X, LEFT_WIDTH, AUTHORITY_HEIGHT, AUTHORITY_GAP = 10.0, 420.0, 40.0, 8.0
GROUP_LABEL_HEIGHT = 34.0
RIGHT_X, RIGHT_WIDTH, KIND_HEIGHT = 620.0, 250.0, 56.0
LABEL_CHARACTERS = 50  # what fits in an authority box at 15px
TOP = 10.0
ARC_STEP = 22.0


@dataclass(frozen=True)
class GroupLabel:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class AuthorityNode:
    organisation: Organisation
    label: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class KindNode:
    group: KindGroup
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Edge:
    path: str


@dataclass(frozen=True)
class Diagram:
    width: float
    height: float
    group_labels: list[GroupLabel]
    authorities: list[AuthorityNode]
    kinds: list[KindNode]
    support_edges: list[Edge]
    kind_edges: list[Edge]


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    bend = (x2 - x1) / 2
    return (
        f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
    )


def _arc(x: float, y1: float, y2: float, depth: float) -> str:
    return (
        f"M{x:.1f},{y1:.1f} C{x + depth:.1f},{y1:.1f} {x + depth:.1f},{y2:.1f} {x + 6:.1f},{y2:.1f}"
    )


def _layout_authorities(
    structure: Structure, other_label: str
) -> tuple[list[GroupLabel], list[AuthorityNode], float]:
    labels: list[GroupLabel] = []
    nodes: list[AuthorityNode] = []
    y, current_group = TOP, object()
    for authority in structure.authorities:
        if authority.ministry != current_group:
            current_group = authority.ministry
            title = authority.ministry.name if authority.ministry else other_label
            labels.append(GroupLabel(title, LEFT_X, y + 22))
            y += GROUP_LABEL_HEIGHT
        org = authority.organisation
        label = f"{org.abbreviation} – {org.name}" if org.abbreviation else org.name
        if len(label) > LABEL_CHARACTERS:
            fits = len(org.name) <= LABEL_CHARACTERS + 2
            label = org.name if fits or not org.abbreviation else org.abbreviation
        nodes.append(AuthorityNode(org, label, LEFT_X, y, LEFT_WIDTH, AUTHORITY_HEIGHT))
        y += AUTHORITY_HEIGHT + AUTHORITY_GAP
    return labels, nodes, y


def structure_diagram(structure: Structure, *, other_label: str) -> Diagram:
    """Place the nodes and draw the lines of the structure diagram."""
    labels, authorities, left_bottom = _layout_authorities(structure, other_label)
    count = max(len(structure.kinds), 1)
    height = max(left_bottom, TOP + count * (KIND_HEIGHT + 24)) + TOP
    slot = (height - 2 * TOP) / count
    kinds = [
        KindNode(
            group, RIGHT_X, TOP + index * slot + (slot - KIND_HEIGHT) / 2, RIGHT_WIDTH, KIND_HEIGHT
        )
        for index, group in enumerate(structure.kinds)
    ]
    by_kind = {node.group.kind: node for node in kinds}
    by_organisation = {node.organisation.pk: node for node in authorities}
    support_edges = [
        Edge(
            _curve(
                node.x + node.width,
                node.y + node.height / 2,
                target.x - 6,
                target.y + target.height / 2,
            )
        )
        for authority in structure.authorities
        for node in [by_organisation[authority.organisation.pk]]
        for target in [by_kind[group.kind] for group in authority.supports]
    ]
    kind_edges = []
    for parent, child in structure.kind_links:
        upper, lower = by_kind[parent.kind], by_kind[child.kind]
        rows_apart = abs(kinds.index(lower) - kinds.index(upper))
        kind_edges.append(
            Edge(
                _arc(
                    upper.x + upper.width,
                    upper.y + upper.height / 2,
                    lower.y + lower.height / 2,
                    ARC_STEP * (rows_apart + 1),
                )
            )
        )
    width = RIGHT_X + RIGHT_WIDTH + ARC_STEP * (count + 1) + 20
    return Diagram(width, height, labels, authorities, kinds, support_edges, kind_edges)
