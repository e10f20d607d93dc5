"""Shared data of the hostile-input tests (the generated large rule files live in bench/generators.py)."""

from __future__ import annotations

# A complete answers file for the bundled rules: no signs, an adult, nothing reported.
NOTHING_REPORTED = """\
urgent_signs: [none]
age: age_40_59
diagnosed: no
weakness: no
grip: no
thinning: no
cramps: no
twitching: no
numbness: no
stiffness: no
speech_swallow: no
fatigue: no
back_pain: no
"""
