"""Rule file -> RuleSet: every problem collected with its file:line:col, nothing run."""

from __future__ import annotations

import hashlib
from pathlib import Path

from selfcheck import conditions, yamlfile
from selfcheck.conditions import Condition, ConditionError
from selfcheck.errors import SelfcheckError, did_you_mean
from selfcheck.model import (
    LEVEL_IDS,
    QUESTION_KINDS,
    QUESTION_TYPES,
    STATUSES,
    Choice,
    Level,
    Metadata,
    Person,
    Question,
    Rule,
    RuleSet,
    Source,
)
from selfcheck.nodes import Reader
from selfcheck.yamlfile import Map, Node, Scalar

YESNO = (("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure"))
TOP_KEYS = ("metadata", "levels", "questions", "rules", "safety_net", "disclaimer")


def bundled_rules() -> str:
    """The bundled rules/mmn.yaml, installed inside the package or beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules" / "mmn.yaml", here.parent / "rules" / "mmn.yaml"):
        if candidate.is_file():
            return str(candidate)
    return str(here / "rules" / "mmn.yaml")


def load_ruleset(path: str) -> RuleSet:
    """Read, parse and check a rule file; raise SelfcheckError listing every problem."""
    return build_ruleset(yamlfile.load(path))


def build_ruleset(doc: yamlfile.Document) -> RuleSet:
    builder = _Builder(Reader(doc))
    ruleset = builder.build()
    if builder.r.problems or ruleset is None:
        raise SelfcheckError(builder.r.problems)
    return ruleset


class _Builder:
    def __init__(self, reader: Reader) -> None:
        self.r = reader
        self.questions: dict[str, Question] = {}
        self.question_lines: dict[str, int] = {}
        self.source_ids: tuple[str, ...] = ()

    def build(self) -> RuleSet | None:
        r = self.r
        root = r.mapping(r.doc.root, "the rule file", TOP_KEYS)
        if root is None:
            return None
        get = {name: value for name, (_, value) in root.entries.items()}
        metadata = self.metadata(get.get("metadata"))
        levels = self.levels(get.get("levels"), root)
        # Every question id is known before conditions are checked, so "asked later" can be told apart from "unknown".
        question_nodes = r.seq(get.get("questions"), "questions")
        for node in question_nodes:
            if isinstance(node, Map) and "id" in node.entries:
                qid = node.entries["id"][1]
                if isinstance(qid, Scalar) and isinstance(qid.value, str):
                    self.question_lines.setdefault(qid.value, qid.line)
        questions = self.all_questions(question_nodes)
        rules = self.rules(get.get("rules"))
        safety_net = r.text(get.get("safety_net"), "safety_net")
        disclaimer = r.text(get.get("disclaimer"), "disclaimer")
        if metadata is None:
            return None
        sha = hashlib.sha256(r.doc.text.encode("utf-8")).hexdigest()
        return RuleSet(r.doc.path, sha, metadata, levels, questions, rules, safety_net, disclaimer)

    def metadata(self, node: Node | None) -> Metadata | None:
        r = self.r
        if node is None:
            return None
        fields = (
            "id",
            "title",
            "version",
            "status",
            "intended_use",
            "population",
            "authors",
            "reviewers",
            "last_reviewed",
            "next_review",
            "sources",
        )
        m = r.mapping(node, "metadata", fields, ("language",))
        if m is None:
            return None
        get = {name: value for name, (_, value) in m.entries.items()}
        sources: list[Source] = []
        for s in r.seq(get.get("sources"), "metadata sources"):
            sm = r.mapping(s, "a source", ("id", "citation"), ("url",))
            if sm is None:
                continue
            sget = {name: value for name, (_, value) in sm.entries.items()}
            sid = r.text(sget.get("id"), "source id")
            if sid in (x.id for x in sources):
                r.problem(sget["id"], f"duplicate source id '{sid}'")
            sources.append(Source(sid, r.text(sget.get("citation"), "citation"), r.text(sget.get("url"), "url")))
        self.source_ids = tuple(s.id for s in sources)
        return Metadata(
            id=r.ident(get.get("id"), "metadata id"),
            title=r.text(get.get("title"), "title"),
            version=r.text(get.get("version"), "version"),
            status=r.one_of(get.get("status"), "status", STATUSES),
            intended_use=r.text(get.get("intended_use"), "intended_use"),
            population=r.text(get.get("population"), "population"),
            authors=self.people(get.get("authors"), "authors", dated=False),
            reviewers=self.people(get.get("reviewers"), "reviewers", dated=True),
            last_reviewed=r.date(get.get("last_reviewed"), "last_reviewed"),
            next_review=r.date(get.get("next_review"), "next_review"),
            sources=tuple(sources),
            language=r.ident(get.get("language"), "language") if "language" in get else "en",
        )

    def people(self, node: Node | None, what: str, dated: bool) -> tuple[Person, ...]:
        r = self.r
        people = []
        for p in r.seq(node, what, allow_empty=True):
            pm = r.mapping(p, f"an entry in {what}", ("name", "date") if dated else ("name",), ("role",))
            if pm is None:
                continue
            get = {name: value for name, (_, value) in pm.entries.items()}
            people.append(
                Person(
                    r.text(get.get("name"), "name"),
                    r.text(get.get("role"), "role"),
                    r.date(get.get("date"), "date") if dated else "",
                )
            )
        return tuple(people)

    def levels(self, node: Node | None, root: Map) -> tuple[Level, ...]:
        r = self.r
        if node is None:
            return ()
        levels = []
        items = r.seq(node, "levels")
        for item in items:
            m = r.mapping(item, "a level", ("id", "label", "action"))
            if m is None:
                continue
            get = {name: value for name, (_, value) in m.entries.items()}
            levels.append(
                Level(
                    r.text(get.get("id"), "level id"),
                    r.text(get.get("label"), "label"),
                    r.text(get.get("action"), "action"),
                )
            )
        ids = tuple(v.id for v in levels)
        if items and ids != LEVEL_IDS and len(levels) == len(items):
            r.problem(node, f"levels must be exactly {', '.join(LEVEL_IDS)}, in that order (found {', '.join(ids)})")
        return tuple(levels)

    def all_questions(self, nodes: tuple[Node, ...]) -> tuple[Question, ...]:
        questions = []
        section = ""
        for node in nodes:
            q = self.question(node, section)
            if q is None:
                continue
            section = q.section
            if q.id in self.questions:
                where = node.entries["id"][1] if isinstance(node, Map) else node
                self.r.problem(where, f"duplicate question id '{q.id}' (first at line {self.questions[q.id].line})")
                continue
            self.questions[q.id] = q
            questions.append(q)
        return tuple(questions)

    def question(self, node: Node, section: str) -> Question | None:
        r = self.r
        m = r.mapping(
            node, "a question", ("id", "text", "help", "type", "kind", "summary"), ("section", "choices", "ask_if")
        )
        if m is None:
            return None
        get = {name: value for name, (_, value) in m.entries.items()}
        qid = r.ident(get.get("id"), "question id")
        qtype = r.one_of(get.get("type"), "question type", QUESTION_TYPES)
        choices = self.choices(get.get("choices"), qtype, m)
        ask_if = None
        if "ask_if" in get:
            ask_if = self.condition(get["ask_if"], asker=qid)
        return Question(
            id=qid,
            section=r.text(get.get("section"), "section", default=section),
            text=r.text(get.get("text"), "question text"),
            help=r.text(get.get("help"), "help"),
            type=qtype,
            kind=r.one_of(get.get("kind"), "question kind", QUESTION_KINDS),
            choices=choices,
            summary=r.text(get.get("summary"), "summary"),
            ask_if=ask_if,
            line=m.line,
        )

    def choices(self, node: Node | None, qtype: str, question: Map) -> tuple[Choice, ...]:
        r = self.r
        if node is None:
            if qtype == "yesno":
                return tuple(Choice(cid, label) for cid, label in YESNO)
            if qtype:
                r.problem(question, f"a {qtype} question needs 'choices'")
            return ()
        choices: list[Choice] = []
        for item in r.seq(node, "choices"):
            m = r.mapping(item, "a choice", ("id", "label"), ("help", "exclusive", "red_flag"))
            if m is None:
                continue
            get = {name: value for name, (_, value) in m.entries.items()}
            cid = r.ident(get.get("id"), "choice id")
            if cid in (c.id for c in choices):
                r.problem(get["id"], f"duplicate choice id '{cid}'")
                continue
            red_flag = r.one_of(get.get("red_flag"), "red_flag", LEVEL_IDS[:4]) if "red_flag" in get else ""
            exclusive = r.flag(get.get("exclusive"), "exclusive")
            if exclusive and qtype != "multiple":
                r.problem(get["exclusive"], "only a multiple-choice question can have an exclusive choice")
            choices.append(
                Choice(cid, r.text(get.get("label"), "label"), r.text(get.get("help"), "help"), exclusive, red_flag)
            )
        ids = tuple(c.id for c in choices)
        if qtype == "yesno" and choices and ids != tuple(cid for cid, _ in YESNO):
            r.problem(node, "a yesno question's choices must be yes, no, not_sure in that order, or left out")
        elif qtype in ("single", "multiple") and 0 < len(choices) < 2:
            r.problem(node, f"a {qtype} question needs at least two choices")
        return tuple(choices)

    def condition(self, node: Node, asker: str = "") -> Condition | None:
        """Parse condition text and check every name; asker is set for ask_if, which may look only backwards."""
        r = self.r
        text = r.text(node, "condition")
        if not text or not isinstance(node, Scalar):
            return None
        raw = str(node.value)
        try:
            cond = conditions.parse(raw)
        except ConditionError as e:
            r.problem(r.position(node, e.offset), e.message)
            return None
        ok = True
        for test in conditions.tests(cond):
            where = r.position(node, test.offset)
            question = self.questions.get(test.question)
            if test.question == asker:
                r.problem(where, f"question '{asker}' cannot depend on its own answer")
                ok = False
                continue
            if question is None:
                if asker and test.question in self.question_lines:
                    r.problem(
                        where,
                        f"question '{asker}' cannot depend on '{test.question}', which is asked later "
                        f"(line {self.question_lines[test.question]})",
                    )
                else:
                    known = list(self.questions) if asker else list(self.question_lines)
                    if not asker or test.question not in self.question_lines:
                        r.problem(where, f"unknown question '{test.question}'{did_you_mean(test.question, known)}")
                ok = False
                continue
            if question.type == "multiple" and not test.op.startswith("has"):
                r.problem(
                    where,
                    f"'{test.question}' is a multiple-choice question: use 'has', 'has any [...]' or 'has all [...]'",
                )
                ok = False
            elif question.type != "multiple" and test.op.startswith("has"):
                r.problem(where, f"'{test.question}' takes one answer: use 'is' or 'in [...]'")
                ok = False
            for choice, offset in zip(test.choices, test.choice_offsets, strict=True):
                if choice not in question.choice_ids:
                    r.problem(
                        r.position(node, offset),
                        f"question '{test.question}' has no choice '{choice}'"
                        f"{did_you_mean(choice, question.choice_ids)}",
                    )
                    ok = False
        return cond if ok else None

    def rules(self, node: Node | None) -> tuple[Rule, ...]:
        r = self.r
        rules: list[Rule] = []
        for item in r.seq(node, "rules"):
            m = r.mapping(item, "a rule", ("id", "when", "level", "message", "rationale", "sources"), ("stop",))
            if m is None:
                continue
            get = {name: value for name, (_, value) in m.entries.items()}
            rid = r.ident(get.get("id"), "rule id")
            if rid and rid in (x.id for x in rules):
                r.problem(get["id"], f"duplicate rule id '{rid}'")
            when = self.condition(get["when"]) if "when" in get else None
            sources = []
            for s in r.seq(get.get("sources"), "sources"):
                sid = r.text(s, "source id")
                if sid and sid not in self.source_ids:
                    r.problem(s, f"unknown source '{sid}'{did_you_mean(sid, self.source_ids)}")
                sources.append(sid)
            rule = Rule(
                id=rid,
                when=when,  # type: ignore[arg-type]  # None only when a problem was recorded
                level=r.one_of(get.get("level"), "level", LEVEL_IDS),
                message=r.text(get.get("message"), "message"),
                rationale=r.text(get.get("rationale"), "rationale"),
                sources=tuple(sources),
                stop=r.flag(get.get("stop"), "stop"),
                line=m.line,
            )
            rules.append(rule)
        return tuple(rules)
