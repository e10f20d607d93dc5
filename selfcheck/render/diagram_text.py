"""The flow diagram as text: Mermaid and Graphviz DOT, every rule-file text escaped for each."""

from __future__ import annotations

from collections.abc import Sequence

from selfcheck.model.ruleset import RuleSet
from selfcheck.render.diagram import EDGE_WIDTH, Flow, Node, build, with_legend, wrap

# Mermaid: entity codes inside quoted labels, so no rule-file text is read as markup, HTML or a fence.
_MERMAID = str.maketrans(
    {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;", "|": "#124;"}
)
_MERMAID_SHAPES = {
    "start": '(["{}"])',
    "end": '(["{}"])',
    "decision": '{{"{}"}}',
    "question": '["{}"]',
    "emergency": '["{}"]',
    "stop": '["{}"]',
    "requirement": '["{}"]',
}
_MERMAID_ARROWS = {"next": "-->", "if": "-->", "otherwise": "-.->", "stop": "==>", "emergency": "==>", "legend": "~~~"}
MERMAID_CLASSES = (
    "classDef emergency fill:#fde2e1,stroke:#b00000,stroke-width:3px,color:#000",
    "classDef stop fill:#fff7cc,stroke:#8a6d00,stroke-width:2px,color:#000",
    "classDef requirement fill:#eef,stroke:#557,stroke-dasharray:4 3,color:#000",
)


def _mermaid_label(lines: Sequence[str]) -> str:
    return "<br>".join(line.translate(_MERMAID) for line in lines)


def render_mermaid(flow: Flow) -> str:
    """A Mermaid flowchart (what the common code hosts draw inside a ```mermaid block)."""
    out = ["flowchart TD"]
    nodes, edges = with_legend(flow)
    by_id = {node.id: node for node in nodes}

    def node_line(node: Node, indent: str) -> str:
        cls = f":::{node.kind}" if node.kind in ("emergency", "stop", "requirement") else ""
        return f"{indent}{node.id}{_MERMAID_SHAPES[node.kind].format(_mermaid_label(node.lines))}{cls}"

    grouped = {nid for group in flow.groups for nid in group.nodes}
    for number, group in enumerate(flow.groups, 1):
        out.append(f'  subgraph s{number}["{_mermaid_label(wrap(group.label, EDGE_WIDTH))}"]')
        out += [node_line(by_id[nid], "    ") for nid in group.nodes]
        out.append("  end")
    out += [node_line(node, "  ") for node in nodes if node.id not in grouped]
    for edge in edges:
        label = f'|"{_mermaid_label(edge.lines)}"|' if edge.lines else ""
        out.append(f"  {edge.tail} {_MERMAID_ARROWS[edge.kind]}{label} {edge.head}")
    out += [f"  {line}" for line in MERMAID_CLASSES]
    # Mermaid styles links by their number, counted in the order they were written.
    red = [str(n) for n, edge in enumerate(edges) if edge.kind == "emergency"]
    if red:
        out.append(f"  linkStyle {','.join(red)} stroke:#b00000,stroke-width:3px")
    return "\n".join(out) + "\n"


FONT = "DejaVu Sans,Arial,Helvetica,sans-serif"
_DOT_NODES = {
    "start": 'shape=oval, style=filled, fillcolor="#eeeeee"',
    "end": 'shape=oval, style=filled, fillcolor="#eeeeee"',
    "decision": 'shape=diamond, width=0.35, height=0.35, fixedsize=true, fontsize=9, style=filled, fillcolor="#ffffff"',
    "question": 'shape=box, style="rounded,filled", fillcolor="#ffffff"',
    "emergency": 'shape=box, style="filled,bold", fillcolor="#fde2e1", color="#b00000", penwidth=3, fontsize=9',
    "stop": 'shape=box, style=filled, fillcolor="#fff7cc", color="#8a6d00", penwidth=2, fontsize=9',
    "requirement": 'shape=note, style="filled,dashed", fillcolor="#eeeeff", color="#555577", fontsize=9',
}
_DOT_EDGES = {
    "next": "",
    "if": "",
    "otherwise": 'style=dashed, color="#777777", fontcolor="#555555"',
    "stop": 'color="#8a6d00", penwidth=2',
    "emergency": 'color="#b00000", penwidth=3',
    "legend": "style=invis",
}


def _dot_string(lines: Sequence[str], justify: str = "\\n") -> str:
    r"""A DOT quoted string; backslashes doubled so rule-file text never makes an escape such as \N or \G."""
    escaped = [line.replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    return '"' + justify.join(escaped) + (justify if justify != "\\n" else "") + '"'


def render_dot(flow: Flow, title: str = "") -> str:
    """Graphviz DOT text; `dot -Tsvg` lays it out."""
    out = [
        "digraph flow {",
        f'  graph [rankdir=TB, nodesep=0.25, ranksep=0.3, fontname="{FONT}", fontsize=11, labeljust=l'
        + (f", label={_dot_string(wrap(title, 60))}, labelloc=t" if title else "")
        + "];",
        f'  node [fontname="{FONT}", fontsize=10, margin="0.10,0.04"];',
        f'  edge [fontname="{FONT}", fontsize=8, color="#333333", arrowsize=0.7];',
    ]
    nodes, edges = with_legend(flow)
    by_id = {node.id: node for node in nodes}

    def node_line(node: Node, indent: str) -> str:
        # Stops and requirements list several lines: left-justified (\l) they read as a list.
        justify = "\\l" if node.kind in ("emergency", "stop", "requirement") else "\\n"
        return f"{indent}{node.id} [label={_dot_string(node.lines, justify)}, {_DOT_NODES[node.kind]}];"

    grouped = {nid for group in flow.groups for nid in group.nodes}
    for number, group in enumerate(flow.groups, 1):
        out.append(f"  subgraph cluster_s{number} {{")
        out.append(f'    label={_dot_string(wrap(group.label, EDGE_WIDTH))}; style=rounded; color="#999999";')
        out += [node_line(by_id[nid], "    ") for nid in group.nodes]
        out.append("  }")
    out += [node_line(node, "  ") for node in nodes if node.id not in grouped]
    for edge in edges:
        attrs = [a for a in (f"label={_dot_string(edge.lines)}" if edge.lines else "", _DOT_EDGES[edge.kind]) if a]
        out.append(f"  {edge.tail} -> {edge.head}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    out.append("}")
    return "\n".join(out) + "\n"


def render(ruleset: RuleSet, fmt: str) -> str:
    """The diagram as mermaid or dot text (the svg needs the layout engine: selfcheck.render.diagram_svg)."""
    flow = build(ruleset)
    return render_dot(flow, ruleset.metadata.title) if fmt == "dot" else render_mermaid(flow)
