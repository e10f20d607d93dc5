"""What selfcheck itself says around the rule file's texts (prompts, headings), in each language it knows.

The rule file carries the questions and messages in its own languages; these are the few words
of the runners and reports. A language missing here, or a phrase missing in it, falls back to English.
"""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "progress": "{section} - at most {left} questions left",
        "progress_1": "{section} - at most 1 question left",
        "current": " (current answer)",
        "type_many": "Type the numbers of all that apply, separated by commas",
        "type_one": "Type a number",
        "keep": ", Enter to keep the current answer",
        "for_help": "; ? for help",
        "go_back": ", b to go back",
        "press_to_start": "Press any key to start the questions.",
        "first_question": "This is the first question; there is nothing to go back to.",
        "number_range": "Please type a number from 1 to {count}.",
        "not_a_number": "'{part}' is not one of the numbers 1 to {count}.",
        "only_one": "Please choose only one number.",
        "part_left_out": "'{part}' was not one of the numbers 1 to {count} and was left out.",
        "not_with_others": "'{label}' cannot be chosen with other answers.",
        "left_out": "'{label}' cannot be chosen with other answers, so it was left out. Your answer: {labels}.",
        "check_answers": "Please check your answers:",
        "enter_or_number": "Press Enter to see your result, or type a number to change that answer.",
        "enter_or_range": "Please press Enter, or type a number from 1 to {count}.",
        "why": "Why",
        "tell_doctor": "What to tell the doctor",
        "said_no": "You said no to: {items}",
        "no_answers": "(no answers)",
        "if_things_change": "If things change",
        "please_note": "Please note",
        "result": "result",
        "missing_texts": "Note: {count} texts are not translated into '{code}' yet and shown in '{default}'.",
        "missing_texts_1": "Note: 1 text is not translated into '{code}' yet and shown in '{default}'.",
        # The arrow-key runner.
        "intro": (
            "This self-check asks you some questions, then tells you how soon to see a doctor and what to "
            "tell them. It is not a diagnosis. Nothing you answer is stored or sent anywhere; at the end you "
            "can choose to save the result to a file.\n\n"
            "If you feel very unwell now, do not wait for this check: call your local emergency number.\n\n"
            "Use the arrow keys to move and Enter to answer. Esc goes back one question. Ctrl-C stops at any time."
        ),
        "no_advice": (
            "No advice was given: the answers file cannot be read as it is. If you have any of the "
            "emergency signs, or feel very unwell now, do not wait: call your local emergency number."
        ),
        "own_rules": (
            "These questions and advice come from the rule file {path} (version {version}), "
            "not from the copy that comes with selfcheck."
        ),
        "reviewed_rules": "These questions and advice were reviewed by {who} on {date}.",
        "draft_rules": (
            "Please note: this check is a draft. No clinician has reviewed its questions and advice yet, "
            "so if you are in any doubt, talk to a doctor."
        ),
        "plain_intro": (
            "This self-check asks you some questions, then tells you how soon to see a doctor and what to "
            "tell them. It is not a diagnosis. Nothing you answer is stored or sent anywhere.\n\n"
            "If you feel very unwell now, do not wait for this check: call your local emergency number.\n\n"
            "Type the number of your answer and press Enter. Type ? for help with a question, or b to go back. "
            "Ctrl-C stops at any time."
        ),
        "select_keys": "(arrows move, Enter chooses, Esc goes back)",
        "select_keys_first": "(arrows move, Enter chooses)",
        "checkbox_keys": "(arrows move, Space ticks, Enter when done, Esc goes back)",
        "checkbox_keys_first": "(arrows move, Space ticks, Enter when done)",
        "nothing_ticked": "Nothing is ticked yet: press Space to tick an answer{alone}, then Enter.",
        "or_alone": ' (or "{label}")',
        "tick_alone": '"{label}" cannot be ticked together with other answers.',
        "back_to_last": "Going back to the last question.",
        "keeping": "Keeping your earlier answer.",
        "back_one": "Going back one question.",
        "tick_all": "Tick all that apply",
        "choose_one": "Choose one",
        "your_answer": "Your answer: {labels}",
        "check_before_result": "Please check your answers before you see the result.",
        "change_or_result": 'Choose an answer to change it, or choose "See my result".',
        "see_result": "See my result",
        "your_answers": "Your answers",
        "act_now": "PLEASE ACT NOW. You do not need to answer any more questions.",
        "no_finish": "No, finish here",
        "save_text": "Save it as text",
        "save_markdown": "Save it as Markdown",
        "save_question": "Save this report to a file?",
        "nothing_saved": "Nothing was saved.",
        "file_name": "File name (Enter for {suggestion}):",
        "file_keys": "Type a name for the file, or press Enter for the one shown; Esc goes back.",
        "undo_question": "Did you choose something by mistake?",
        "undo": "Yes, go back and change my last answer",
        "plain_undo": "If you chose something by mistake, type b to go back and change it. Press Enter to finish.",
        "type_file_name": "Please type a file name, or press Esc to go back.",
        "file_exists": "{path} already exists. selfcheck never replaces a file: please choose another name.",
        "saved": "Saved the report to {path}.",
        # The plain runner's offer to save the report.
        "plain_save": "To save this report, type t for text or m for Markdown; press Enter to finish.",
        "plain_save_again": "Please type t, m, or press Enter to finish.",
        "plain_file_name": "File name (Enter for {suggestion}, b to go back):",
    },
    "es": {
        "progress": "{section} - como mucho quedan {left} preguntas",
        "progress_1": "{section} - como mucho queda 1 pregunta",
        "current": " (respuesta actual)",
        "type_many": "Escriba los números de todas las que correspondan, separados por comas",
        "type_one": "Escriba un número",
        "keep": ", Intro para mantener la respuesta actual",
        "for_help": "; ? para ver la ayuda",
        "go_back": ", b para volver atrás",
        "press_to_start": "Pulse cualquier tecla para empezar las preguntas.",
        "first_question": "Esta es la primera pregunta; no se puede volver atrás.",
        "number_range": "Escriba un número del 1 al {count}.",
        "not_a_number": "'{part}' no es uno de los números del 1 al {count}.",
        "only_one": "Elija solo un número.",
        "part_left_out": "'{part}' no era uno de los números del 1 al {count}, así que se ha quitado.",
        "not_with_others": "'{label}' no se puede elegir junto con otras respuestas.",
        "left_out": (
            "'{label}' no se puede elegir junto con otras respuestas, así que se ha quitado. Su respuesta: {labels}."
        ),
        "check_answers": "Revise sus respuestas:",
        "enter_or_number": "Pulse Intro para ver su resultado, o escriba un número para cambiar esa respuesta.",
        "enter_or_range": "Pulse Intro, o escriba un número del 1 al {count}.",
        "why": "Por qué",
        "tell_doctor": "Qué decirle al médico",
        "said_no": "Ha dicho que no a: {items}",
        "no_answers": "(sin respuestas)",
        "if_things_change": "Si las cosas cambian",
        "please_note": "Tenga en cuenta",
        "result": "resultado",
        "missing_texts": "Aviso: {count} textos aún no están traducidos ('{code}') y se muestran en '{default}'.",
        "missing_texts_1": "Aviso: 1 texto aún no está traducido ('{code}') y se muestra en '{default}'.",
        "intro": (
            "Esta prueba le hace algunas preguntas y después le dice cuándo ver a un médico y qué contarle. "
            "No es un diagnóstico. Nada de lo que responda se guarda ni se envía a ningún sitio; al final "
            "puede elegir guardar el resultado en un archivo.\n\n"
            "Si ahora se encuentra muy mal, no espere a esta prueba: llame al número de emergencias de su país.\n\n"
            "Use las flechas para moverse e Intro para responder. Esc vuelve a la pregunta anterior. "
            "Ctrl-C para en cualquier momento."
        ),
        "no_advice": (
            "No se ha dado ningún consejo: el archivo de respuestas no se puede leer tal como está. Si tiene "
            "alguna de las señales de urgencia, o ahora se encuentra muy mal, no espere: llame al número de "
            "emergencias de su país."
        ),
        "own_rules": (
            "Estas preguntas y consejos vienen del archivo de reglas {path} (versión {version}), "
            "no de la copia que viene con selfcheck."
        ),
        "reviewed_rules": "Estas preguntas y consejos los revisó {who} el {date}.",
        "draft_rules": (
            "Tenga en cuenta: esta prueba es un borrador. Ningún profesional sanitario ha revisado todavía sus "
            "preguntas ni sus consejos, así que, si tiene cualquier duda, hable con un médico."
        ),
        "plain_intro": (
            "Esta prueba le hace algunas preguntas y después le dice cuándo ver a un médico y qué contarle. "
            "No es un diagnóstico. Nada de lo que responda se guarda ni se envía a ningún sitio.\n\n"
            "Si ahora se encuentra muy mal, no espere a esta prueba: llame al número de emergencias de su país.\n\n"
            "Escriba el número de su respuesta y pulse Intro. Escriba ? para ver la ayuda de una pregunta, "
            "o b para volver atrás. Ctrl-C para en cualquier momento."
        ),
        "select_keys": "(flechas para moverse, Intro para elegir, Esc para volver)",
        "select_keys_first": "(flechas para moverse, Intro para elegir)",
        "checkbox_keys": "(flechas para moverse, Espacio para marcar, Intro al terminar, Esc para volver)",
        "checkbox_keys_first": "(flechas para moverse, Espacio para marcar, Intro al terminar)",
        "nothing_ticked": "No ha marcado nada: pulse Espacio para marcar una respuesta{alone} y después Intro.",
        "or_alone": " (o «{label}»)",
        "tick_alone": "«{label}» no se puede marcar junto con otras respuestas.",
        "back_to_last": "Volviendo a la última pregunta.",
        "keeping": "Se mantiene su respuesta anterior.",
        "back_one": "Volviendo a la pregunta anterior.",
        "tick_all": "Marque todo lo que corresponda",
        "choose_one": "Elija una",
        "your_answer": "Su respuesta: {labels}",
        "check_before_result": "Revise sus respuestas antes de ver el resultado.",
        "change_or_result": "Elija una respuesta para cambiarla, o elija «Ver mi resultado».",
        "see_result": "Ver mi resultado",
        "your_answers": "Sus respuestas",
        "act_now": "ACTÚE AHORA. No hace falta que responda más preguntas.",
        "no_finish": "No, terminar aquí",
        "save_text": "Guardarlo como texto",
        "save_markdown": "Guardarlo como Markdown",
        "save_question": "¿Guardar este informe en un archivo?",
        "nothing_saved": "No se ha guardado nada.",
        "file_name": "Nombre del archivo (Intro para {suggestion}):",
        "file_keys": "Escriba un nombre para el archivo, o pulse Intro para el que se muestra; Esc para volver.",
        "undo_question": "¿Ha elegido algo por error?",
        "undo": "Sí, volver atrás y cambiar mi última respuesta",
        "plain_undo": (
            "Si ha elegido algo por error, escriba b para volver atrás y cambiarlo. Pulse Intro para terminar."
        ),
        "type_file_name": "Escriba un nombre de archivo, o pulse Esc para volver.",
        "file_exists": "{path} ya existe. selfcheck nunca sustituye un archivo: elija otro nombre.",
        "saved": "Informe guardado en {path}.",
        "plain_save": (
            "Para guardar este informe en un archivo, escriba t para texto o m para Markdown. "
            "Pulse Intro para terminar."
        ),
        "plain_save_again": "Escriba t, m, o pulse Intro para terminar.",
        "plain_file_name": "Nombre del archivo (Intro para {suggestion}, b para volver):",
    },
}


def say(lang: str, key: str, **values: object) -> str:
    """The phrase for key in lang (English when lang or the phrase is missing), filled in with values."""
    phrase = PHRASES.get(lang, {}).get(key) or PHRASES["en"][key]
    return phrase.format(**values) if values else phrase
