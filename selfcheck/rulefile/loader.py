"""Rule file -> RuleSet: every problem collected with its file:line:col, nothing run; the bundled and default files."""

from __future__ import annotations

import os

from selfcheck.errors import SelfcheckError
from selfcheck.model.ruleset import LEVEL_IDS, Choice, Level, Question, RuleSet
from selfcheck.rulefile import strict_yaml, yaml_nodes
from selfcheck.rulefile.condition_names import ConditionNames
from selfcheck.rulefile.file_text import read_text
from selfcheck.rulefile.read_metadata import NOT_SIGNED, read_metadata
from selfcheck.rulefile.read_rules import read_requirements, read_rules
from selfcheck.rulefile.spec import CHOICE, LEVEL, QUESTION, RULE_FILE, YESNO_IDS
from selfcheck.rulefile.specread import SpecReader
from selfcheck.rulefile.yaml_nodes import Map, Node, Scalar

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


def has_bundled_rules(ruleset: RuleSet) -> bool:
    """Whether ruleset holds the rules that come with selfcheck: read from that copy, or from a file with the same
    text (a checkout's rules/mmn.yaml once selfcheck is installed with `pip install .`, say)."""
    if is_bundled(ruleset.path):
        return True
    try:
        return read_text(bundled_rules()) == ruleset.text
    except SelfcheckError:  # no bundled copy to compare with
        return False


def describe_source(ruleset: RuleSet) -> str:
    """Which file was read, for a clinician: 'rules/mmn.yaml, version 0.3.0 (not the bundled copy)'."""
    where = "bundled with selfcheck" if has_bundled_rules(ruleset) else "not the bundled copy"
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


def build_ruleset(doc: yaml_nodes.Document, lang: str | None = None) -> RuleSet:
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
        self.names = ConditionNames(reader, self.questions, self.question_lines, self.duplicated)
        self.signed_at = NOT_SIGNED  # where the last signed reviewer's record starts

    def build(self) -> RuleSet | None:
        r = self.r
        root = r.record(RULE_FILE, r.doc.root)
        if root is None:
            return None
        get = r.fields(root)
        metadata, self.signed_at = read_metadata(r, get.get("metadata"), self.lang)
        source_ids = tuple(s.id for s in metadata.sources) if metadata is not None else ()
        levels = self.levels(get.get("levels"))
        # Every question id is known before conditions are checked, so "asked later" can be told apart from "unknown".
        question_nodes = r.items(RULE_FILE, get, "questions")
        self.note_question_ids(question_nodes)
        questions = self.all_questions(question_nodes)
        condition = self.names.condition
        rules = read_rules(r, get.get("rules"), condition, source_ids)
        rule_ids = {rule.id for rule in rules}
        requirements = read_requirements(r, get.get("requirements"), condition, source_ids, rule_ids)
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

    def levels(self, node: Node | None) -> tuple[Level, ...]:
        r = self.r
        if node is None:
            return ()
        levels = []
        items = r.list_items(RULE_FILE.field("levels"), node)
        for _, get in r.records(LEVEL, items):
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
            ask_if = self.names.condition(get["ask_if"], asker=qid)
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
        for _, get in r.records(CHOICE, r.items(QUESTION, question_fields, "choices")):
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
