"""Rule file -> RuleSet: every problem collected with its file:line:col, nothing run."""

from __future__ import annotations

import os

from selfcheck.errors import SelfcheckError, did_you_mean
from selfcheck.model import conditions
from selfcheck.model.conditions import Condition, ConditionError, Test
from selfcheck.model.ruleset import (
    LEVEL_IDS,
    Choice,
    Level,
    Metadata,
    Person,
    Question,
    Requirement,
    Rule,
    RuleSet,
    Source,
    Translation,
)
from selfcheck.rulefile import strict_yaml
from selfcheck.rulefile.spec import (
    CHOICE,
    CONDITION,
    LEVEL,
    METADATA,
    PERSON,
    QUESTION,
    REQUIREMENT,
    REVIEWER,
    RULE,
    RULE_FILE,
    SOURCE,
    TEXT,
    TRANSLATION,
    YESNO_IDS,
    Record,
)
from selfcheck.rulefile.specread import SpecReader, named
from selfcheck.rulefile.strict_yaml import Map, Node, Scalar

# Labels of the built-in yes/no choices in the languages selfcheck knows; a rule file in another
# language lists its yes/no choices itself.
YESNO_LABELS = {"en": ("Yes", "No", "Not sure"), "es": ("Sí", "No", "No estoy seguro/a")}


def bundled_rules() -> str:
    """The bundled rules/mmn.yaml, installed inside the package or beside it in a checkout."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the selfcheck package
    installed = os.path.join(here, "rules", "mmn.yaml")
    checkout = os.path.join(os.path.dirname(here), "rules", "mmn.yaml")
    return checkout if not os.path.isfile(installed) and os.path.isfile(checkout) else installed


# With no FILE, every command reads the rule file being edited in the current folder when there is one:
# a clinician in a checkout must check the file they changed, not the installed copy.
RULES_HERE = os.path.join("rules", "mmn.yaml")


def default_rules() -> str:
    """The rule file to read when none is named: ./rules/mmn.yaml when it is there, else the bundled copy."""
    # lexists, not isfile: a folder or a broken link there is reported, never silently swapped for the bundled file.
    return RULES_HERE if os.path.lexists(RULES_HERE) else bundled_rules()


def is_bundled(path: str) -> bool:
    """Whether path is the copy of the rules that comes with selfcheck."""
    return os.path.realpath(path) == os.path.realpath(bundled_rules())


def describe_source(ruleset: RuleSet) -> str:
    """Which file was read, for a clinician: 'rules/mmn.yaml, version 0.3.0 (not the bundled copy)'."""
    where = "bundled with selfcheck" if is_bundled(ruleset.path) else "not the bundled copy"
    return f"{ruleset.path}, version {ruleset.metadata.version} ({where})"


def load(path: str | None = None, lang: str | None = None) -> RuleSet:
    """The public way in (selfcheck.load): a rule file, by default the one a command reads with no FILE."""
    return load_ruleset(path or default_rules(), lang)


def load_ruleset(path: str, lang: str | None = None) -> RuleSet:
    """Read, parse and check a rule file; raise SelfcheckError listing every problem.

    lang picks the language of the person-facing texts (default: the file's own); a text with
    no variant in lang falls back to the file's language and is listed in missing_translations.
    A lang the file does not declare gives the file's language throughout.
    """
    return build_ruleset(strict_yaml.load(path, keep_going=True), lang)


def build_ruleset(doc: strict_yaml.Document, lang: str | None = None) -> RuleSet:
    builder = _Builder(SpecReader(doc), lang)
    ruleset = builder.build()
    if builder.r.problems or ruleset is None:
        raise SelfcheckError(builder.r.problems)
    if any(p.digest for p in ruleset.metadata.reviewers):
        # Only a signed file pays for the digest: the bundled draft is not signed.
        from selfcheck.rulefile import signoff

        checked = signoff.check(doc, ruleset.metadata.reviewers, builder.signed_at)
        ruleset = ruleset._replace(reviewed_by=checked.reviewer, content_changes=checked.changes)
    return ruleset


class _Builder:
    def __init__(self, reader: SpecReader, lang: str | None = None) -> None:
        self.r = reader
        self.lang = lang
        self.questions: dict[str, Question] = {}
        self.question_lines: dict[str, int] = {}
        self.duplicated: set[str] = set()  # question ids given twice (already reported)
        self.source_ids: tuple[str, ...] = ()
        self.signed_at = (0, 0)  # where the last signed reviewer's record starts

    def build(self) -> RuleSet | None:
        r = self.r
        root = r.record(RULE_FILE, r.doc.root)
        if root is None:
            return None
        get = r.fields(root)
        metadata = self.metadata(get.get("metadata"))
        levels = self.levels(get.get("levels"))
        # Every question id is known before conditions are checked, so "asked later" can be told apart from "unknown".
        question_nodes = r.items(RULE_FILE, get, "questions")
        self.note_question_ids(question_nodes)
        questions = self.all_questions(question_nodes)
        rules = self.rules(get.get("rules"))
        requirements = self.requirements(get.get("requirements"), {rule.id for rule in rules})
        safety_net = r.read(RULE_FILE, get, "safety_net")
        disclaimer = r.read(RULE_FILE, get, "disclaimer")
        if metadata is None:
            return None
        return RuleSet(
            r.doc.path,
            r.doc.text,
            metadata,
            levels,
            questions,
            rules,
            safety_net,
            disclaimer,
            language=r.language,
            missing_translations=tuple(sorted(r.missing)),
            translation_gaps=tuple(sorted(r.gaps)),
            requirements=requirements,
            source_map=r.source,
        )

    def note_question_ids(self, nodes: tuple[Node, ...]) -> None:
        """Where each question id is first given; an id given twice is told here, once."""
        for node in nodes:
            qid = node.entries["id"][1] if isinstance(node, Map) and "id" in node.entries else None
            if not isinstance(qid, Scalar) or not isinstance(qid.value, str):
                continue
            if qid.value not in self.question_lines:
                self.question_lines[qid.value] = qid.line
                continue
            # Conditions naming the id are then not checked against either copy, or one slip would
            # come back as a problem at every condition that names it.
            self.duplicated.add(qid.value)
            self.r.problem(qid, f"duplicate question id '{qid.value}' (first at line {self.question_lines[qid.value]})")

    def metadata(self, node: Node | None) -> Metadata | None:
        r = self.r
        if node is None:
            return None
        m = r.record(METADATA, node)
        if m is None:
            return None
        get = r.fields(m)
        # The languages come first: every person-facing text after them may have variants.
        language = r.read(METADATA, get, "language") if "language" in get else "en"
        translations = self.translations(r.items(METADATA, get, "translations"), language or "en")
        r.default_language = language or "en"
        r.languages = (r.default_language, *(t.language for t in translations))
        r.language = self.lang if self.lang in r.languages else r.default_language
        sources: list[Source] = []
        for s in r.items(METADATA, get, "sources"):
            sm = r.record(SOURCE, s)
            if sm is None:
                continue
            sget = r.fields(sm)
            sid = r.read(SOURCE, sget, "id")
            if sid in (x.id for x in sources):
                r.problem(sget["id"], f"duplicate source id '{sid}'")
            sources.append(Source(sid, r.read(SOURCE, sget, "citation"), r.read(SOURCE, sget, "url")))
        self.source_ids = tuple(s.id for s in sources)
        return Metadata(
            id=r.read(METADATA, get, "id"),
            title=r.read(METADATA, get, "title"),
            version=r.read(METADATA, get, "version"),
            status=r.read(METADATA, get, "status"),
            intended_use=r.read(METADATA, get, "intended_use"),
            population=r.read(METADATA, get, "population"),
            authors=self.people(r.items(METADATA, get, "authors"), PERSON),
            reviewers=self.people(r.items(METADATA, get, "reviewers"), REVIEWER),
            last_reviewed=r.read(METADATA, get, "last_reviewed"),
            next_review=r.read(METADATA, get, "next_review"),
            sources=tuple(sources),
            language=r.default_language,
            translations=translations,
        )

    def translations(self, items: tuple[Node, ...], default_language: str) -> tuple[Translation, ...]:
        r = self.r
        found: list[Translation] = []
        for item in items:
            tm = r.record(TRANSLATION, item)
            if tm is None:
                continue
            get = r.fields(tm)
            code = r.read(TRANSLATION, get, "language")
            if code and (code == default_language or code in (t.language for t in found)):
                r.problem(get["language"], f"language '{code}' is declared twice")
                continue
            status = r.read(TRANSLATION, get, "status")
            if code:
                found.append(Translation(code, status, r.read(TRANSLATION, get, "note")))
        return tuple(found)

    def people(self, items: tuple[Node, ...], record: Record) -> tuple[Person, ...]:
        r = self.r
        people = []
        for p in items:
            pm = r.record(record, p)
            if pm is None:
                continue
            get = r.fields(pm)
            # A reviewer's record is dated and may carry the digest `selfcheck sign` wrote.
            dated = record is REVIEWER
            digest = r.read(record, get, "digest") if dated else ""
            parts = tuple(r.read(record, get, "parts").split()) if dated else ()
            date = r.read(record, get, "date") if dated else ""
            people.append(Person(r.read(record, get, "name"), r.read(record, get, "role"), date, digest, parts))
            if digest:
                self.signed_at = (pm.line, pm.col)
        return tuple(people)

    def levels(self, node: Node | None) -> tuple[Level, ...]:
        r = self.r
        if node is None:
            return ()
        levels = []
        items = r.list_items(RULE_FILE.field("levels"), node)
        for item in items:
            m = r.record(LEVEL, item)
            if m is None:
                continue
            get = r.fields(m)
            level_id = r.read(LEVEL, get, "id")
            stop = r.read(LEVEL, get, "stop_when_certain")
            said = get.get("stop_when_certain")
            if level_id == "emergency" and isinstance(said, Scalar) and said.value is False:
                r.problem(
                    get["stop_when_certain"],
                    "emergency advice always ends the questions as soon as it is certain; remove 'stop_when_certain'",
                )
            levels.append(
                Level(
                    level_id,
                    r.read(LEVEL, get, "label"),
                    r.read(LEVEL, get, "action"),
                    stop,
                    r.read(LEVEL, get, "max_questions_after_certain"),
                    r.read(LEVEL, get, "safety_net"),
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
                if q.id not in self.duplicated:
                    where = node.entries["id"][1] if isinstance(node, Map) else node
                    self.r.problem(where, f"duplicate question id '{q.id}' (first at line {self.questions[q.id].line})")
                continue
            self.questions[q.id] = q
            questions.append(q)
        return tuple(questions)

    def question(self, node: Node, section: str) -> Question | None:
        r = self.r
        m = r.record(QUESTION, node)
        if m is None:
            return None
        get = r.fields(m)
        qid = r.read(QUESTION, get, "id")
        qtype = r.read(QUESTION, get, "type")
        choices = self.choices(get, qtype, m)
        ask_if = None
        if "ask_if" in get:
            ask_if = self.condition(get["ask_if"], asker=qid)
        return Question(
            id=qid,
            section=r.read(QUESTION, get, "section", default=section),
            text=r.read(QUESTION, get, "text"),
            help=r.read(QUESTION, get, "help"),
            type=qtype,
            kind=r.read(QUESTION, get, "kind"),
            choices=choices,
            summary=r.read(QUESTION, get, "summary"),
            ask_if=ask_if,
            line=m.line,
        )

    def choices(self, question_fields: dict[str, Node], qtype: str, question: Map) -> tuple[Choice, ...]:
        r = self.r
        node = question_fields.get("choices")
        if node is None:
            if qtype == "yesno":
                labels = YESNO_LABELS.get(r.language, YESNO_LABELS["en"])
                return tuple(Choice(cid, label) for cid, label in zip(YESNO_IDS, labels, strict=True))
            if qtype:
                r.problem(question, f"a {qtype} question needs 'choices'")
            return ()
        choices: list[Choice] = []
        for item in r.items(QUESTION, question_fields, "choices"):
            m = r.record(CHOICE, item)
            if m is None:
                continue
            get = r.fields(m)
            cid = r.read(CHOICE, get, "id")
            if cid in (c.id for c in choices):
                r.problem(get["id"], f"duplicate choice id '{cid}'")
                continue
            red_flag = r.read(CHOICE, get, "red_flag")
            exclusive = r.read(CHOICE, get, "exclusive")
            if exclusive and qtype != "multiple":
                r.problem(get["exclusive"], "only a multiple-choice question can have an exclusive choice")
            label = r.read(CHOICE, get, "label")
            help_text = r.read(CHOICE, get, "help")
            choices.append(Choice(cid, label, help_text, exclusive, red_flag))
        ids = tuple(c.id for c in choices)
        if qtype == "yesno" and choices and ids != YESNO_IDS:
            r.problem(node, "a yesno question's choices must be yes, no, not_sure in that order, or left out")
        elif qtype in ("single", "multiple") and 0 < len(choices) < 2:
            r.problem(node, f"a {qtype} question needs at least two choices")
        return tuple(choices)

    def condition(self, node: Node, asker: str = "") -> Condition | None:
        """Parse condition text and check every name; asker is set for ask_if, which may look only backwards."""
        r = self.r
        text = r.value(CONDITION, node, "condition")
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
            ok = self._test_ok(node, test, asker) and ok  # every test checked, so every problem is told
        return cond if ok else None

    def _test_ok(self, node: Scalar, test: Test, asker: str) -> bool:
        """Whether one test of a condition names a question it may read and that question's choices."""
        r = self.r
        # Positions are worked out only for a problem: most conditions have none.
        if test.question in self.duplicated:
            return False  # which copy is meant is unknown; the duplicate id is the one problem to tell
        question = self.questions.get(test.question)
        if test.question == asker:
            r.problem(r.position(node, test.offset), f"question '{asker}' cannot depend on its own answer")
            return False
        if question is None:
            if asker and test.question in self.question_lines:
                r.problem(
                    r.position(node, test.offset),
                    f"question '{asker}' cannot depend on '{test.question}', which is asked later "
                    f"(line {self.question_lines[test.question]})",
                )
            else:
                known = list(self.questions) if asker else list(self.question_lines)
                r.problem(
                    r.position(node, test.offset),
                    f"unknown question '{test.question}'{did_you_mean(test.question, known)}",
                )
            return False
        ok = True
        if question.type == "multiple" and not test.op.startswith("has"):
            r.problem(
                r.position(node, test.offset),
                f"'{test.question}' is a multiple-choice question: use 'has', 'has any [...]' or 'has all [...]'",
            )
            ok = False
        elif question.type != "multiple" and test.op.startswith("has"):
            r.problem(r.position(node, test.offset), f"'{test.question}' takes one answer: use 'is' or 'in [...]'")
            ok = False
        for choice, offset in zip(test.choices, test.choice_offsets, strict=True):
            if choice not in question.choice_ids:
                r.problem(
                    r.position(node, offset),
                    f"question '{test.question}' has no choice '{choice}'{did_you_mean(choice, question.choice_ids)}",
                )
                ok = False
        return ok

    def rules(self, node: Node | None) -> tuple[Rule, ...]:
        r = self.r
        rules: list[Rule] = []
        seen: dict[str, int] = {}  # a dict, not a scan of `rules`: thousands of rules would take seconds
        for item in r.list_items(RULE_FILE.field("rules"), node):
            m = r.record(RULE, item)
            if m is None:
                continue
            get = r.fields(m)
            rid = r.read(RULE, get, "id")
            if rid and rid in seen:
                r.problem(get["id"], f"duplicate rule id '{rid}' (first at line {seen[rid]})")
            seen.setdefault(rid, m.line)
            when = self.condition(get["when"]) if "when" in get else None
            sources = []
            for s in r.items(RULE, get, "sources"):
                sid = r.value(_SOURCE_IN_RULE, s, _SOURCE_IN_RULE_IS)
                if sid and sid not in self.source_ids:
                    r.problem(s, f"unknown source '{sid}'{did_you_mean(sid, self.source_ids)}")
                sources.append(sid)
            rule = Rule(
                id=rid,
                when=when,  # type: ignore[arg-type]  # None only when a problem was recorded
                level=r.read(RULE, get, "level"),
                message=r.read(RULE, get, "message"),
                rationale=r.read(RULE, get, "rationale"),
                sources=tuple(sources),
                stop=r.read(RULE, get, "stop"),
                line=m.line,
                always_show=r.read(RULE, get, "always_show"),
            )
            if rule.stop and when is not None and when.holds({}):
                # A question not asked matches nothing, so this rule holds before the first answer: the
                # questions would end before the emergency signs are asked, and nobody would be told to act.
                r.problem(
                    get["when"],
                    f"rule '{rid}' has stop: true but holds before any question is answered, so no question "
                    "would be asked, not even the emergency signs: make it need an answer (such as 'q is x')",
                )
            rules.append(rule)
        return tuple(rules)

    def requirements(self, node: Node | None, rule_ids: set[str]) -> tuple[Requirement, ...]:
        """What the rules must do: a condition, a level bound, and the guideline clause it comes from."""
        r = self.r
        found: list[Requirement] = []
        seen: dict[str, int] = {}
        for item in r.list_items(RULE_FILE.field("requirements"), node):
            m = r.record(REQUIREMENT, item)
            if m is None:
                continue
            get = r.fields(m)
            rid = r.read(REQUIREMENT, get, "id")
            if rid in seen:
                r.problem(get["id"], f"duplicate requirement id '{rid}' (first at line {seen[rid]})")
            elif rid in rule_ids:
                # Findings and the review name requirements and rules alike by id: one id, one thing.
                r.problem(get["id"], f"requirement id '{rid}' is also a rule id; give the requirement its own")
            seen.setdefault(rid, m.line)
            when = self.condition(get["when"]) if "when" in get else None
            at_least = r.read(REQUIREMENT, get, "at_least")
            at_most = r.read(REQUIREMENT, get, "at_most")
            if "at_least" not in get and "at_most" not in get:
                r.problem(m, f"{named(item, 'requirement')} needs 'at_least' or 'at_most' (or both)")
            elif at_least and at_most and LEVEL_IDS.index(at_most) > LEVEL_IDS.index(at_least):
                r.problem(
                    get["at_most"],
                    f"at_most '{at_most}' is less urgent than at_least '{at_least}': no level meets both",
                )
            source = r.read(REQUIREMENT, get, "source")
            if source and source not in self.source_ids:
                r.problem(get["source"], f"unknown source '{source}'{did_you_mean(source, self.source_ids)}")
            found.append(
                Requirement(
                    id=rid,
                    when=when,  # type: ignore[arg-type]  # None only when a problem was recorded
                    at_least=at_least,
                    at_most=at_most,
                    source=source,
                    clause=r.read(REQUIREMENT, get, "clause"),
                    rationale=r.read(REQUIREMENT, get, "rationale"),
                    line=m.line,
                )
            )
        return tuple(found)


# What each item of a rule's sources is, and what problems call it.
_SOURCE_IN_RULE = RULE.field("sources").kind.item or TEXT
_SOURCE_IN_RULE_IS = RULE.field("sources").kind.item_what
