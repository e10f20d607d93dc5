"""Rule file -> RuleSet: every problem collected with its file:line:col, nothing run."""

from __future__ import annotations

import os
import re

from selfcheck import conditions, yamlfile
from selfcheck.conditions import Condition, ConditionError
from selfcheck.errors import SelfcheckError, did_you_mean
from selfcheck.model import (
    LEVEL_IDS,
    QUESTION_KINDS,
    QUESTION_TYPES,
    STATUSES,
    TRANSLATION_STATUSES,
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
from selfcheck.nodes import Reader
from selfcheck.yamlfile import Map, Node, Scalar, describe

YESNO = (("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure"))
# Labels of the built-in yes/no choices in the languages selfcheck knows; a rule file in another
# language lists its yes/no choices itself.
YESNO_LABELS = {"en": ("Yes", "No", "Not sure"), "es": ("Sí", "No", "No estoy seguro/a")}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
SIGNED_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
SIGNED_PART = re.compile(r"^[0-9a-f]{8}$")
TOP_KEYS = ("metadata", "levels", "questions", "rules", "safety_net", "disclaimer")


def bundled_rules() -> str:
    """The bundled rules/mmn.yaml, installed inside the package or beside it in a checkout."""
    here = os.path.dirname(os.path.abspath(__file__))
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
    return build_ruleset(yamlfile.load(path, keep_going=True), lang)


def build_ruleset(doc: yamlfile.Document, lang: str | None = None) -> RuleSet:
    builder = _Builder(Reader(doc), lang)
    ruleset = builder.build()
    if builder.r.problems or ruleset is None:
        raise SelfcheckError(builder.r.problems)
    if any(p.digest for p in ruleset.metadata.reviewers):
        # Only a signed file pays for the digest: the bundled draft is not signed.
        from selfcheck import signoff

        checked = signoff.check(doc, ruleset.metadata.reviewers, builder.signed_at)
        ruleset = ruleset._replace(reviewed_by=checked.reviewer, content_changes=checked.changes)
    return ruleset


class _Builder:
    def __init__(self, reader: Reader, lang: str | None = None) -> None:
        self.r = reader
        self.lang = lang
        self.questions: dict[str, Question] = {}
        self.question_lines: dict[str, int] = {}
        self.source_ids: tuple[str, ...] = ()
        self.signed_at = (0, 0)  # where the last signed reviewer's record starts

    def build(self) -> RuleSet | None:
        r = self.r
        root = r.mapping(r.doc.root, "the rule file", TOP_KEYS, ("requirements",))
        if root is None:
            return None
        get = r.fields(root)
        metadata = self.metadata(get.get("metadata"))
        levels = self.levels(get.get("levels"))
        # Every question id is known before conditions are checked, so "asked later" can be told apart from "unknown".
        question_nodes = r.seq(get.get("questions"), "questions")
        for node in question_nodes:
            if isinstance(node, Map) and "id" in node.entries:
                qid = node.entries["id"][1]
                if isinstance(qid, Scalar) and isinstance(qid.value, str):
                    self.question_lines.setdefault(qid.value, qid.line)
        questions = self.all_questions(question_nodes)
        rules = self.rules(get.get("rules"))
        requirements = self.requirements(get.get("requirements"), {rule.id for rule in rules})
        safety_net = r.text(get.get("safety_net"), "safety_net", translatable=True)
        disclaimer = r.text(get.get("disclaimer"), "disclaimer", translatable=True)
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
        m = r.mapping(node, "metadata", fields, ("language", "translations"))
        if m is None:
            return None
        get = r.fields(m)
        # The languages come first: every person-facing text after them may have variants.
        language = self.language_code(get.get("language"), "language") if "language" in get else "en"
        translations = self.translations(get.get("translations"), language or "en")
        r.default_language = language or "en"
        r.languages = (r.default_language, *(t.language for t in translations))
        r.language = self.lang if self.lang in r.languages else r.default_language
        sources: list[Source] = []
        for s in r.seq(get.get("sources"), "metadata sources"):
            sm = r.mapping(s, _named(s, "source"), ("id", "citation"), ("url",))
            if sm is None:
                continue
            sget = r.fields(sm)
            sid = r.text(sget.get("id"), "source id")
            if sid in (x.id for x in sources):
                r.problem(sget["id"], f"duplicate source id '{sid}'")
            sources.append(Source(sid, r.text(sget.get("citation"), "citation"), r.text(sget.get("url"), "url")))
        self.source_ids = tuple(s.id for s in sources)
        return Metadata(
            id=r.ident(get.get("id"), "metadata id"),
            title=r.text(get.get("title"), "title", translatable=True),
            version=r.text(get.get("version"), "version"),
            status=r.one_of(get.get("status"), "status", STATUSES),
            intended_use=r.text(get.get("intended_use"), "intended_use"),
            population=r.text(get.get("population"), "population"),
            authors=self.people(get.get("authors"), "authors", dated=False),
            reviewers=self.people(get.get("reviewers"), "reviewers", dated=True),
            last_reviewed=r.date(get.get("last_reviewed"), "last_reviewed"),
            next_review=r.date(get.get("next_review"), "next_review"),
            sources=tuple(sources),
            language=r.default_language,
            translations=translations,
        )

    def language_code(self, node: Node | None, what: str) -> str:
        value = self.r.text(node, what)
        if value and node is not None and not LANGUAGE_CODE.match(value):
            self.r.problem(node, f"{what} '{value}' must be a language code such as en, es or pt-BR")
            return ""
        return value

    def translations(self, node: Node | None, default_language: str) -> tuple[Translation, ...]:
        r = self.r
        found: list[Translation] = []
        for item in r.seq(node, "translations", allow_empty=True):
            tm = r.mapping(item, "a translation", ("language", "status"), ("note",))
            if tm is None:
                continue
            get = r.fields(tm)
            code = self.language_code(get.get("language"), "translation language")
            if code and (code == default_language or code in (t.language for t in found)):
                r.problem(get["language"], f"language '{code}' is declared twice")
                continue
            status = r.one_of(get.get("status"), "translation status", TRANSLATION_STATUSES)
            if code:
                found.append(Translation(code, status, r.text(get.get("note"), "translation note")))
        return tuple(found)

    def people(self, node: Node | None, what: str, dated: bool) -> tuple[Person, ...]:
        r = self.r
        people = []
        # A reviewer's record may carry the digest `selfcheck sign` wrote.
        optional = ("role", "digest", "parts") if dated else ("role",)
        for p in r.seq(node, what, allow_empty=True):
            pm = r.mapping(p, f"an entry in {what}", ("name", "date") if dated else ("name",), optional)
            if pm is None:
                continue
            get = r.fields(pm)
            digest, parts = self.signature(get) if dated else ("", ())
            people.append(
                Person(
                    r.text(get.get("name"), "name"),
                    r.text(get.get("role"), "role"),
                    r.date(get.get("date"), "date") if dated else "",
                    digest,
                    parts,
                )
            )
            if digest:
                self.signed_at = (pm.line, pm.col)
        return tuple(people)

    def signature(self, get: dict[str, Node]) -> tuple[str, tuple[str, ...]]:
        r = self.r
        digest = r.text(get.get("digest"), "digest")
        if digest and not SIGNED_DIGEST.match(digest):
            r.problem(get["digest"], "digest must be 'sha256:' and 64 hex digits, as `selfcheck sign` writes it")
            digest = ""
        parts = tuple(r.text(get.get("parts"), "parts").split())
        if any(not SIGNED_PART.match(p) for p in parts):
            r.problem(get["parts"], "parts must be 8-digit hex digests separated by spaces, as `selfcheck sign` writes")
            parts = ()
        return digest, parts

    def levels(self, node: Node | None) -> tuple[Level, ...]:
        r = self.r
        if node is None:
            return ()
        levels = []
        items = r.seq(node, "levels")
        for item in items:
            m = r.mapping(
                item,
                _named(item, "level"),
                ("id", "label", "action"),
                ("stop_when_certain", "max_questions_after_certain", "safety_net"),
            )
            if m is None:
                continue
            get = r.fields(m)
            level_id = r.text(get.get("id"), "level id")
            stop = r.flag(get.get("stop_when_certain"), "stop_when_certain")
            said = get.get("stop_when_certain")
            if level_id == "emergency" and isinstance(said, Scalar) and said.value is False:
                r.problem(
                    get["stop_when_certain"],
                    "emergency advice always ends the questions as soon as it is certain; remove 'stop_when_certain'",
                )
            levels.append(
                Level(
                    level_id,
                    r.text(get.get("label"), "label", translatable=True),
                    r.text(get.get("action"), "action", translatable=True),
                    stop,
                    _count(r, get.get("max_questions_after_certain"), "max_questions_after_certain"),
                    r.text(get.get("safety_net"), "safety_net", translatable=True),
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
            node,
            _named(node, "question"),
            ("id", "text", "help", "type", "kind", "summary"),
            ("section", "choices", "ask_if"),
        )
        if m is None:
            return None
        get = r.fields(m)
        qid = r.ident(get.get("id"), "question id")
        qtype = r.one_of(get.get("type"), "question type", QUESTION_TYPES)
        choices = self.choices(get.get("choices"), qtype, m)
        ask_if = None
        if "ask_if" in get:
            ask_if = self.condition(get["ask_if"], asker=qid)
        return Question(
            id=qid,
            section=r.text(get.get("section"), "section", default=section, translatable=True),
            text=r.text(get.get("text"), "question text", translatable=True),
            help=r.text(get.get("help"), "help", translatable=True),
            type=qtype,
            kind=r.one_of(get.get("kind"), "question kind", QUESTION_KINDS),
            choices=choices,
            summary=r.text(get.get("summary"), "summary", translatable=True),
            ask_if=ask_if,
            line=m.line,
        )

    def choices(self, node: Node | None, qtype: str, question: Map) -> tuple[Choice, ...]:
        r = self.r
        if node is None:
            if qtype == "yesno":
                labels = YESNO_LABELS.get(r.language, YESNO_LABELS["en"])
                return tuple(Choice(cid, label) for (cid, _), label in zip(YESNO, labels, strict=True))
            if qtype:
                r.problem(question, f"a {qtype} question needs 'choices'")
            return ()
        choices: list[Choice] = []
        for item in r.seq(node, "choices"):
            m = r.mapping(item, _named(item, "choice"), ("id", "label"), ("help", "exclusive", "red_flag"))
            if m is None:
                continue
            get = r.fields(m)
            cid = r.ident(get.get("id"), "choice id")
            if cid in (c.id for c in choices):
                r.problem(get["id"], f"duplicate choice id '{cid}'")
                continue
            red_flag = r.one_of(get.get("red_flag"), "red_flag", LEVEL_IDS[:4]) if "red_flag" in get else ""
            exclusive = r.flag(get.get("exclusive"), "exclusive")
            if exclusive and qtype != "multiple":
                r.problem(get["exclusive"], "only a multiple-choice question can have an exclusive choice")
            label = r.text(get.get("label"), "label", translatable=True)
            help_text = r.text(get.get("help"), "help", translatable=True)
            choices.append(Choice(cid, label, help_text, exclusive, red_flag))
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
            # Positions are worked out only for a problem: most conditions have none.
            question = self.questions.get(test.question)
            if test.question == asker:
                r.problem(r.position(node, test.offset), f"question '{asker}' cannot depend on its own answer")
                ok = False
                continue
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
                ok = False
                continue
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
                        f"question '{test.question}' has no choice '{choice}'"
                        f"{did_you_mean(choice, question.choice_ids)}",
                    )
                    ok = False
        return cond if ok else None

    def rules(self, node: Node | None) -> tuple[Rule, ...]:
        r = self.r
        rules: list[Rule] = []
        seen: set[str] = set()  # a set, not a scan of `rules`: thousands of rules would take seconds
        for item in r.seq(node, "rules"):
            m = r.mapping(
                item,
                _named(item, "rule"),
                ("id", "when", "level", "message", "rationale", "sources"),
                ("stop", "always_show"),
            )
            if m is None:
                continue
            get = r.fields(m)
            rid = r.ident(get.get("id"), "rule id")
            if rid and rid in seen:
                r.problem(get["id"], f"duplicate rule id '{rid}'")
            seen.add(rid)
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
                message=r.text(get.get("message"), "message", translatable=True),
                rationale=r.text(get.get("rationale"), "rationale"),
                sources=tuple(sources),
                stop=r.flag(get.get("stop"), "stop"),
                line=m.line,
                always_show=r.flag(get.get("always_show"), "always_show"),
            )
            rules.append(rule)
        return tuple(rules)

    def requirements(self, node: Node | None, rule_ids: set[str]) -> tuple[Requirement, ...]:
        """What the rules must do: a condition, a level bound, and the guideline clause it comes from."""
        r = self.r
        found: list[Requirement] = []
        seen: dict[str, int] = {}
        for item in r.seq(node, "requirements", allow_empty=True):
            m = r.mapping(
                item,
                _named(item, "requirement"),
                ("id", "when", "source", "clause", "rationale"),
                ("at_least", "at_most"),
            )
            if m is None:
                continue
            get = r.fields(m)
            rid = r.ident(get.get("id"), "requirement id")
            if rid in seen:
                r.problem(get["id"], f"duplicate requirement id '{rid}' (first at line {seen[rid]})")
            elif rid in rule_ids:
                # Findings and the review name requirements and rules alike by id: one id, one thing.
                r.problem(get["id"], f"requirement id '{rid}' is also a rule id; give the requirement its own")
            seen.setdefault(rid, m.line)
            when = self.condition(get["when"]) if "when" in get else None
            at_least = r.one_of(get.get("at_least"), "at_least", LEVEL_IDS[:4]) if "at_least" in get else ""
            at_most = r.one_of(get.get("at_most"), "at_most", LEVEL_IDS[1:]) if "at_most" in get else ""
            if "at_least" not in get and "at_most" not in get:
                r.problem(m, f"{_named(item, 'requirement')} needs 'at_least' or 'at_most' (or both)")
            elif at_least and at_most and LEVEL_IDS.index(at_most) > LEVEL_IDS.index(at_least):
                r.problem(
                    get["at_most"],
                    f"at_most '{at_most}' is less urgent than at_least '{at_least}': no level meets both",
                )
            source = r.text(get.get("source"), "source id")
            if source and source not in self.source_ids:
                r.problem(get["source"], f"unknown source '{source}'{did_you_mean(source, self.source_ids)}")
            found.append(
                Requirement(
                    id=rid,
                    when=when,  # type: ignore[arg-type]  # None only when a problem was recorded
                    at_least=at_least,
                    at_most=at_most,
                    source=source,
                    clause=r.text(get.get("clause"), "clause"),
                    rationale=r.text(get.get("rationale"), "rationale"),
                    line=m.line,
                )
            )
        return tuple(found)


def _count(r: Reader, node: Node | None, what: str) -> int | None:
    """A whole number of 0 or more, or None when the key is absent (or wrong, with a problem recorded)."""
    if node is None:
        return None
    value = node.value if isinstance(node, Scalar) else None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        r.problem(node, f"{what} must be a whole number, 0 or more, not {describe(node)}")
        return None
    return value


def _named(node: Node, kind: str) -> str:
    """ "question 'weakness'" when the node has a usable id, so problems say which one; else "a question"."""
    if isinstance(node, Map) and "id" in node.entries:
        value = node.entries["id"][1]
        if isinstance(value, Scalar) and isinstance(value.value, str):
            return f"{kind} '{value.value}'"
    return f"a {kind}"
