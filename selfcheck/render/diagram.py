"""The question flow as a diagram drawn from the rule file: one graph model, for Mermaid, DOT and SVG to draw."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from selfcheck.model.conditions import AnyOf, Condition, Not, Test, questions_read
from selfcheck.model.english import english
from selfcheck.model.records import NamedTuple
from selfcheck.model.ruleset import Rule, RuleSet, level_rank

# Characters per line in the boxes and on the edges: the SVG must fit an A4 page's width.
QUESTION_WIDTH, EDGE_WIDTH, STOP_WIDTH = 30, 34, 46
# The requirements box lists one requirement a line where it can: the bundled file's first question alone
# is read by ten of them, and at STOP_WIDTH their two lines each made pages taller than A4.
LEGEND_WIDTH = 84
# Rules listed in one stop box, requirements in the box that lists them, and tags on a question: a large rule
# file would otherwise give boxes taller than a page, and Graphviz takes seconds on each.
MAX_LISTED, MAX_REQUIREMENTS, MAX_TAGS = 10, 60, 8


class Node(NamedTuple):
    """A box: a question, a decision point before a conditional question, a stop, a requirement, start or end."""

    id: str
    lines: tuple[str, ...]
    kind: str  # start, question, decision, emergency, stop, requirement, end


class Edge(NamedTuple):
    tail: str
    head: str
    lines: tuple[str, ...]
    kind: str  # next, if, otherwise, stop, emergency, legend (invisible: it only places the requirements box)


class Group(NamedTuple):
    """A run of questions in one section (a section name that comes back later starts a new group)."""

    label: str
    nodes: tuple[str, ...]


class Requirement(NamedTuple):
    """What the diagram needs of a clinical requirement: its id, its bound in words, and the questions it reads."""

    id: str
    bound: str
    reads: frozenset[str]


class Traced(NamedTuple):
    """A requirement in the diagram: its tag on the questions it reads (R1, R2, ...) and its line in the box."""

    tag: str
    lines: tuple[str, ...]
    questions: tuple[int, ...]  # 1-based numbers of the questions it reads


class Flow(NamedTuple):
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    groups: tuple[Group, ...]
    requirements: tuple[Traced, ...] = ()


def wrap(text: str, width: int) -> tuple[str, ...]:
    return tuple(textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)) or ("",)


def settled(condition: Condition, unanswered: frozenset[str]) -> bool | None:
    """The condition's value while the questions in unanswered have no answer, or None if the rest decides."""
    if isinstance(condition, Test):
        return False if condition.question in unanswered else None
    if isinstance(condition, Not):
        inner = settled(condition.item, unanswered)
        return None if inner is None else not inner
    values = [settled(item, unanswered) for item in condition.items]
    stop_value = isinstance(condition, AnyOf)  # one True decides an 'or', one False an 'and'
    if stop_value in values:
        return stop_value
    return None if None in values else not stop_value


def exits(ruleset: RuleSet, condition: Condition) -> tuple[int, ...]:
    """Where a stop rule can end the questions: after the answer to each of these questions (0-based), or -1.

    The engine checks stop rules before the first question and after each answer. Only an answer the
    condition reads can make it hold, and only while every later question is still unanswered, so
    the rule ends the questions after question i when it reads question i and can hold without the
    later answers. A condition that holds with no answers at all ends them before the first question.
    """
    ids = [q.id for q in ruleset.questions]
    if settled(condition, frozenset(ids)) is True:
        return (-1,)
    read = questions_read(condition)
    return tuple(
        i for i, qid in enumerate(ids) if qid in read and settled(condition, frozenset(ids[i + 1 :])) is not False
    )


def certain_exits(ruleset: RuleSet, condition: Condition) -> tuple[int, ...]:
    """Where a rule at emergency, holding, makes the engine end the questions: emergency is then certain.

    The engine ends them once the rule holds whatever the questions still to come would be answered.
    So after question i when the rule reads it and some outcome of the tests on questions up to i makes
    it hold for every outcome of the tests on later ones; before the first question if it always holds.
    Each test is taken on its own (two tests on one question are not known to exclude each other), so
    the work grows with the size of the condition, not 2 ** its tests: the hostile files have thousands.
    """
    order = {q.id: i for i, q in enumerate(ruleset.questions)}
    if can_force(condition, True, order, -1):
        return (-1,)
    read = questions_read(condition)
    return tuple(i for i, q in enumerate(ruleset.questions) if q.id in read and can_force(condition, True, order, i))


def can_force(condition: Condition, wanted: bool, order: dict[str, int], upto: int) -> bool:
    """Whether outcomes of the tests on questions up to upto can give the condition the wanted value,
    whatever the outcomes of the tests on later questions."""
    if isinstance(condition, Test):
        return order[condition.question] <= upto
    if isinstance(condition, Not):
        return can_force(condition.item, not wanted, order, upto)
    # An 'or' is forced true by one item, false by all; an 'and' the other way round.
    one = isinstance(condition, AnyOf) == wanted
    found = (can_force(item, wanted, order, upto) for item in condition.items)
    return any(found) if one else all(found)


def requirements_of(ruleset: RuleSet) -> tuple[Requirement, ...]:
    """The rule file's clinical requirements as the diagram shows them: id, bounds in words, questions read."""
    found = []
    for req in ruleset.requirements:
        bounds = [
            f"{words} {ruleset.level(level).label}"
            for words, level in (("at least", req.at_least), ("at most", req.at_most))
            if level
        ]
        found.append(Requirement(req.id, ", ".join(bounds), questions_read(req.when)))
    return tuple(found)


def _stop_nodes(ruleset: RuleSet) -> tuple[list[Node], list[Edge]]:
    """One box per answer and level, listing each rule that can end the questions right after that answer.

    A rule that can end them after several answers is listed beside each; one that can end them nowhere
    is left out (`selfcheck analyze` reports it).
    """
    grouped: dict[tuple[int, str], list[Rule]] = {}
    for rule in ruleset.rules:
        # A rule at emergency ends the questions too, once it holds whatever comes next (engine.walk).
        if rule.stop or rule.level == "emergency":
            for point in exits(ruleset, rule.when) if rule.stop else certain_exits(ruleset, rule.when):
                grouped.setdefault((point, rule.level), []).append(rule)
    nodes, edges = [], []
    # In question order, most urgent first: the box beside a question lists what can end the questions there.
    ordered = sorted(grouped.items(), key=lambda item: (item[0][0], level_rank(item[0][1])))
    for n, ((point, level), rules) in enumerate(ordered, 1):
        label = ruleset.level(level).label
        emergency = level == "emergency"
        head = f"EMERGENCY EXIT: ends the questions, {label}" if emergency else f"Ends the questions, at least {label}"
        lines = [head]
        for rule in rules[:MAX_LISTED]:
            # A bullet starts each rule; its wrapped lines are indented under it.
            top, *rest = wrap(f"{rule.id}: {english(ruleset, rule.when)}", STOP_WIDTH)
            lines += [f"\u2022 {top}", *(f"\u00a0\u00a0 {line}" for line in rest)]
        if len(rules) > MAX_LISTED:
            lines += wrap(f"and {len(rules) - MAX_LISTED} more rules (see the rules table)", STOP_WIDTH)
        kind = "emergency" if emergency else "stop"
        nodes.append(Node(f"stop{n}", tuple(lines), kind))
        edges.append(Edge("start" if point < 0 else f"q{point + 1}", f"stop{n}", (), kind))
    return nodes, edges


def build(ruleset: RuleSet, requirements: Sequence[Requirement] | None = None) -> Flow:
    """The flow: every question in order, a decision before each conditional one, stops, requirements."""
    questions = ruleset.questions
    numbers = {q.id: n for n, q in enumerate(questions, 1)}
    nodes = [Node("start", ("Start",), "start")]
    edges: list[Edge] = []
    groups: list[Group] = []

    def entry(i: int) -> str:
        """Where the flow arrives at question i (0-based): its decision point if it has an ask_if."""
        if i == len(questions):
            return "result"  # not "end", a word Mermaid reserves
        return f"d{i + 1}" if questions[i].ask_if is not None else f"q{i + 1}"

    # Each question is tagged with the requirements that read it, and one box lists them: a line from every
    # requirement to every question it reads would cross the whole flow many times over.
    traced: list[Traced] = []
    tags: dict[int, list[str]] = {}
    for n, req in enumerate(requirements_of(ruleset) if requirements is None else requirements, 1):
        read = tuple(sorted(numbers[qid] for qid in req.reads if qid in numbers))
        for number in read:
            tags.setdefault(number, []).append(f"R{n}")
        top, *rest = wrap(f"R{n} {req.id}: {req.bound}; {_reads(read)}", LEGEND_WIDTH)
        traced.append(Traced(f"R{n}", (top, *(f"\u00a0\u00a0 {line}" for line in rest)), read))
    edges.append(Edge("start", entry(0), (), "next"))
    for i, q in enumerate(questions):
        qid = f"q{i + 1}"
        members = [qid]
        if q.ask_if is not None:
            nodes.append(Node(f"d{i + 1}", ("?",), "decision"))
            members.insert(0, f"d{i + 1}")
            edges.append(Edge(f"d{i + 1}", qid, wrap(f"if {english(ruleset, q.ask_if)}", EDGE_WIDTH), "if"))
            edges.append(Edge(f"d{i + 1}", entry(i + 1), ("otherwise",), "otherwise"))
        read_by = tags.get(i + 1, [])
        more = f" and {len(read_by) - MAX_TAGS} more" if len(read_by) > MAX_TAGS else ""
        checked = wrap("read by " + ", ".join(read_by[:MAX_TAGS]) + more, QUESTION_WIDTH) if read_by else ()
        nodes.append(Node(qid, (*wrap(f"{i + 1}. {q.summary}", QUESTION_WIDTH), *checked), "question"))
        edges.append(Edge(qid, entry(i + 1), (), "next"))
        if groups and groups[-1].label == q.section:
            groups[-1] = Group(q.section, groups[-1].nodes + tuple(members))
        else:
            groups.append(Group(q.section, tuple(members)))
    stop_nodes, stop_edges = _stop_nodes(ruleset)
    nodes += stop_nodes
    edges += stop_edges
    nodes.append(Node("result", ("Result: the most urgent level", "of the rules that fired"), "end"))
    return Flow(tuple(nodes), tuple(edges), tuple(groups), tuple(traced))


def _reads(read: Sequence[int]) -> str:
    if not read:
        return "reads no question"
    return ("reads question " if len(read) == 1 else "reads questions ") + ", ".join(str(n) for n in read)


def with_legend(flow: Flow) -> tuple[list[Node], list[Edge]]:
    """The flow's nodes and edges, and the box listing its requirements under the last one, if it has any."""
    nodes, edges = list(flow.nodes), list(flow.edges)
    if flow.requirements:
        listed = flow.requirements[:MAX_REQUIREMENTS]
        lines = ("Requirements (checked by selfcheck analyze)", *(line for t in listed for line in t.lines))
        if len(flow.requirements) > MAX_REQUIREMENTS:
            more = len(flow.requirements) - MAX_REQUIREMENTS
            lines += (f"and {more} more (see the requirements table)",)
        nodes.append(Node("requirements", lines, "requirement"))
        anchor = "later" if any(node.id == "later" for node in nodes) else "result"
        edges.append(Edge(anchor, "requirements", (), "legend"))
    return nodes, edges


def position(node_id: str, questions: int) -> int | None:
    """Where a node of the question chain stands: 0 for start, n for question n or its decision, then the result."""
    if node_id == "start":
        return 0
    if node_id == "result":
        return questions + 1
    return int(node_id[1:]) if node_id[:1] in ("q", "d") and node_id[1:].isdigit() else None


def excerpt(flow: Flow, first: int, last: int) -> Flow:
    """Questions first to last (1-based) for one printed page, with the stops and requirements they touch.

    An arrow from an earlier question comes from a "continued from" box, an arrow to a later one goes
    to a "continues with" box, so every page reads on its own.
    """
    questions = sum(1 for node in flow.nodes if node.kind == "question")
    chain = {node.id: position(node.id, questions) for node in flow.nodes}
    kept = {
        nid
        for nid, pos in chain.items()
        if pos is not None and first - (first == 1) <= pos <= last + (last == questions)
    }
    # Stops linked to a kept question come along (a box repeats on each page it touches).
    kept |= {e.head for e in flow.edges if e.tail in kept and chain[e.head] is None}
    kept |= {e.tail for e in flow.edges if e.head in kept and chain[e.tail] is None}
    nodes = [node for node in flow.nodes if node.id in kept]
    edges = []
    for edge in flow.edges:
        if edge.tail in kept and edge.head in kept:
            edges.append(edge)
        elif edge.tail in kept and (chain[edge.head] or 0) > last:
            edges.append(edge._replace(head="later"))
        elif (
            edge.head in kept
            and (chain[edge.tail] or first) < first
            # The earlier question and its "otherwise" both arrive here: one arrow from the box says it.
            and not any(e.tail == "earlier" and e.head == edge.head for e in edges)
        ):
            edges.append(Edge("earlier", edge.head, (), "next"))
    if first > 1:
        nodes.insert(0, Node("earlier", (f"Continued from question {first - 1}",), "start"))
    if last < questions:
        nodes.append(Node("later", (f"Continues with question {last + 1}",), "end"))
    groups = [g._replace(nodes=tuple(n for n in g.nodes if n in kept)) for g in flow.groups]
    traced = tuple(t for t in flow.requirements if any(first <= n <= last for n in t.questions))
    return Flow(tuple(nodes), tuple(edges), tuple(g for g in groups if g.nodes), traced)
