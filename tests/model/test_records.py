"""records.NamedTuple: typing.NamedTuple's class syntax and behaviour, without importing typing at run time."""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import selfcheck
from selfcheck.model.records import START_UP_GC_THRESHOLD, FewerCollections, NamedTuple


class Point(NamedTuple):
    """A point with an optional label."""

    x: int
    y: int
    label: str = ""

    def moved(self, dx: int) -> Point:
        return self._replace(x=self.x + dx)

    def __str__(self) -> str:
        return f"{self.label or 'point'} at {self.x},{self.y}"


def test_fields_defaults_and_methods_work_as_with_typing() -> None:
    p = Point(1, 2)
    assert (p.x, p.y, p.label) == (1, 2, "")
    assert Point._fields == ("x", "y", "label")
    assert Point._field_defaults == {"label": ""}
    assert p.moved(3) == Point(4, 2)
    assert str(Point(1, 2, "home")) == "home at 1,2"
    assert repr(p) == "Point(x=1, y=2, label='')"
    assert p._asdict() == {"x": 1, "y": 2, "label": ""}
    assert Point.__doc__ == "A point with an optional label."
    assert (Point.__module__, Point.__qualname__) == (__name__, "Point")
    assert Point.__annotations__ == {"x": "int", "y": "int", "label": "str"}


def test_instances_are_immutable_tuples_that_pickle() -> None:
    p = Point(1, 2, "a")
    with pytest.raises(AttributeError):
        p.x = 5  # type: ignore[misc]
    assert isinstance(p, tuple) and tuple(p) == (1, 2, "a")
    assert pickle.loads(pickle.dumps(p)) == p


def test_a_missing_field_is_refused() -> None:
    with pytest.raises(TypeError):
        Point(1)  # type: ignore[call-arg]


def test_the_start_up_path_imports_neither_typing_nor_dataclasses() -> None:
    # Without site (-S), whose .pth hooks may import some of these themselves; PyYAML's folder and the
    # project's are put on the path instead.
    code = (
        "import sys, io, contextlib\n"
        "before = set(sys.modules)\n"
        "from selfcheck.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['validate'])\n"
        "heavy = ('typing', 'dataclasses', 'inspect', 'shutil', 'hashlib', 'json', 'tempfile', 'pathlib')\n"
        "print(sorted(m for m in heavy if m in sys.modules and m not in before))\n"
    )
    path = os.pathsep.join([str(Path(selfcheck.__file__).parent.parent), str(Path(yaml.__file__).parent.parent)])
    env = {**os.environ, "PYTHONPATH": path}
    run = subprocess.run([sys.executable, "-S", "-c", code], env=env, capture_output=True, text=True, check=True)
    out = run.stdout
    assert out == "[]\n"


def test_a_field_without_a_default_after_one_with_a_default_is_refused_as_typing_does() -> None:
    with pytest.raises(TypeError, match="a field without a default cannot follow one with a default"):

        class Bad(NamedTuple):
            first: int = 0
            second: int  # type: ignore[misc]


def test_fewer_collections_waits_for_more_objects_within_and_restores_the_threshold() -> None:
    before = gc.get_threshold()
    with FewerCollections():
        assert gc.get_threshold() == (max(START_UP_GC_THRESHOLD, before[0]), *before[1:])
    assert gc.get_threshold() == before
