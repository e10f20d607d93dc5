"""The arrow-key runner's terminal: questionary prompts with the keys questionary lacks, style, colour and size."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

import questionary
from prompt_toolkit.application import application as pt_application
from prompt_toolkit.application.current import get_app_session
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.key_binding.defaults import load_key_bindings
from prompt_toolkit.key_binding.key_processor import KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import ColorDepth
from prompt_toolkit.renderer import print_formatted_text
from prompt_toolkit.styles import Style

from selfcheck.render import report
from selfcheck.render.phrases import say
from selfcheck.render.report import wrap
from selfcheck.ui.conversation import BACK, Back

Write = Callable[[str, str], None]  # (text, style class) -> shown on the screen

# Every prompt_toolkit Application loads its ~600 default key bindings afresh, and questionary builds three
# Applications per prompt: about 12 ms before each question appears. The bindings keep no state of their own
# (handlers act on event.app), so one loaded set serves them all.
pt_application.load_key_bindings = functools.cache(load_key_bindings)  # type: ignore[attr-defined]


FIRST = Back()  # Esc where there is nothing to go back to, on a screen too short to say so above the prompt
DESCRIPTION_INDENT = len("  Description: ")  # questionary's prefix for a choice's help

# Sixteen ANSI colour names follow the person's terminal theme; bold and words carry the meaning without colour.
STYLE = Style(
    [
        ("progress", "fg:ansicyan"),
        ("question", "bold"),
        ("answer", "fg:ansigreen"),
        ("hint", "italic"),
        ("notice", "bold"),
        ("level-emergency", "bold fg:ansired"),
        ("level-urgent", "bold fg:ansired"),
        ("level-soon", "bold fg:ansiyellow"),
        ("level-routine", "bold fg:ansigreen"),
        ("level-none", "bold fg:ansigreen"),
        ("qmark", "fg:ansicyan bold"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "bold"),
        ("selected", "fg:ansigreen"),
        ("instruction", "italic"),
    ]
)


def color_depth(color: str) -> ColorDepth | None:
    """--color never|always|auto; auto honours NO_COLOR here, else (None) leaves it to prompt_toolkit and TERM."""
    # Checked here, not left to prompt_toolkit: older releases the pins allow (3.0.36) ignore NO_COLOR.
    if color == "auto" and os.environ.get("NO_COLOR"):
        color = "never"
    return {"never": ColorDepth.DEPTH_1_BIT, "always": ColorDepth.DEPTH_4_BIT}.get(color)


def terminal_width() -> int:
    return report.screen_width(get_app_session().output.get_size().columns)


def terminal_rows() -> int:
    return get_app_session().output.get_size().rows


def printer(depth: ColorDepth | None) -> Write:
    def write(text: str, cls: str = "") -> None:
        # The renderer's own printer with one parsed style: print_formatted_text() merges and parses
        # prompt_toolkit's whole default style on every call, which cost more than the first screen.
        output = get_app_session().output
        line = FormattedText([(f"class:{cls}" if cls else "", text + "\n")])
        print_formatted_text(output, line, STYLE, color_depth=depth or output.get_default_color_depth())
        output.flush()

    return write


def fit(text: str, width: int, indent: int) -> str:
    """Wrap text for a place that starts `indent` columns in; questionary itself would cut long lines off."""
    return wrap(text, width - indent).replace("\n", "\n" + " " * indent)


def _keys(back: bool, first: Callable[[], None] | Back | None = None) -> KeyBindings:
    """Keys questionary lacks: Esc to go back, and stopping on Ctrl-D or an external SIGINT in every prompt.

    first, when given, is what Esc does where there is nothing to go back to: a function that says so above the
    prompt, which stays; or FIRST, which ends the prompt with FIRST so the question is asked again with the note.
    """
    kb = KeyBindings()

    @kb.add("<sigint>", eager=True)
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @kb.add("c-d", eager=True)
    def _end(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    if back:
        # Eager: no waiting for longer Esc-prefixed bindings. prompt_toolkit still waits half a second to tell a
        # lone Esc from an arrow key's escape sequence, so a slow connection does not turn arrows into "back".
        @kb.add("escape", eager=True)
        def _back(event: KeyPressEvent) -> None:
            event.app.exit(result=BACK)

    elif first is not None:

        @kb.add("escape", eager=True)
        def _first(event: KeyPressEvent) -> None:
            from prompt_toolkit.application import run_in_terminal

            if isinstance(first, Back):
                event.app.exit(result=FIRST)
            else:
                # Written above the prompt, which is drawn again below it with the pointer where it was.
                run_in_terminal(first)

    return kb


def _enter_takes_the_pointed(app: Any) -> KeyBindings:
    """Enter on a checklist with nothing ticked takes the highlighted choice, then questionary's Enter goes on.

    A person who moves to a sign and presses Enter without Space gets its emergency advice at once; a
    highlighted "None of these" or "Not sure" is taken as that. Space still ticks several.
    """
    from questionary.prompts.common import InquirerControl

    kb = KeyBindings()
    controls = [w.content for w in app.layout.find_all_windows() if isinstance(w.content, InquirerControl)]
    own = [b.handler for b in (app.key_bindings or KeyBindings()).get_bindings_for_keys((Keys.ControlM,))]
    if len(controls) != 1 or not own:  # not the checklist this was written for: questionary's Enter alone
        return kb
    control, enter = controls[0], own[-1]

    @kb.add(Keys.ControlM, eager=True)
    def _enter(event: KeyPressEvent) -> None:
        pointed = control.get_pointed_at()
        if not control.selected_options and not pointed.disabled:
            control.selected_options.append(pointed.value)
        enter(event)

    return kb


class Prompts:
    """questionary prompts that return BACK on Esc and raise KeyboardInterrupt or EOFError to stop."""

    def __init__(self, depth: ColorDepth | None = None, lang: str = "en") -> None:
        self.lang = lang
        self.options: dict[str, Any] = {"style": STYLE, "qmark": "?", "erase_when_done": True, "color_depth": depth}

    def _ask(self, question: questionary.Question, back: bool, first: Callable[[], None] | Back | None = None) -> Any:
        app = question.application
        app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), _keys(back, first)])
        return question.unsafe_ask()

    def select(
        self,
        message: str,
        choices: list[questionary.Choice],
        default: str | None,
        back: bool,
        keys: str,
        first: Callable[[], None] | Back | None = None,
    ) -> str | Back:
        question = questionary.select(message, choices, default=default, instruction=keys, **self.options)
        answer: str | Back = self._ask(question, back, first)
        return answer

    def checkbox(
        self,
        message: str,
        choices: list[questionary.Choice],
        validate: Callable[[list[str]], bool | str],
        back: bool,
        first: Callable[[], None] | Back | None = None,
        keys: str = "",
    ) -> list[str] | Back:
        keys = keys or say(self.lang, "checkbox_keys" if back else "checkbox_keys_first")
        # Start on the first earlier tick, so going back shows the answer where the pointer is.
        start = next((c.value for c in choices if c.checked), None)
        question = questionary.checkbox(
            message, choices, validate=validate, instruction=keys, initial_choice=start, **self.options
        )
        app = question.application
        app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), _enter_takes_the_pointed(app)])
        answer: list[str] | Back = self._ask(question, back, first)
        return answer

    def pause(self, message: str) -> None:
        """Wait for a key, so a short screen does not scroll away what was just written."""
        self._ask(questionary.press_any_key_to_continue(message, style=STYLE), False)

    def text(self, message: str, default: str) -> str | Back:
        answer: str | Back = self._ask(questionary.text(message, default, **self.options), True)
        return answer
