"""The flow diagram as SVG: laid out by Graphviz `dot`, then rebuilt from a short list of safe elements."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html import escape

from selfcheck.model.records import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from selfcheck.render.diagram import Flow

NO_ENGINE = (
    "Graphviz's `dot`, which lays out the SVG diagram, is not installed here. Install Graphviz "
    "(Debian or Ubuntu: `apt-get install graphviz`; Fedora: `dnf install graphviz`; macOS: `brew install graphviz`)"
)
# dot lays out the bundled file in well under a second; a hung engine must not hang the review.
TIMEOUT_SECONDS = 60

# Everything Graphviz draws a flow with, and nothing that can run, fetch or link (no script, a, image, use,
# foreignObject, style, href): whatever else comes back is dropped.
ELEMENTS = frozenset({"svg", "g", "title", "polygon", "polyline", "path", "ellipse", "circle", "rect", "line", "text"})
ATTRIBUTES = frozenset(
    {
        "id",
        "class",
        "width",
        "height",
        "viewBox",
        "transform",
        "points",
        "d",
        "x",
        "y",
        "cx",
        "cy",
        "rx",
        "ry",
        "x1",
        "y1",
        "x2",
        "y2",
        "fill",
        "fill-opacity",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "stroke-opacity",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
    }
)
# Paint given as url(...) could point outside the page; plain colours and numbers are all dot writes.
_UNSAFE_VALUE = re.compile(r"url\s*\(|javascript:|expression\s*\(", re.IGNORECASE)
SVG_NS = "http://www.w3.org/2000/svg"


# What one printed A4 page holds, in CSS pixels (96 per inch): 210 x 297 mm less the review's 15 mm
# margins, less room for a heading line.
PAGE_WIDTH_PX, PAGE_HEIGHT_PX = 680, 940


class Layout(NamedTuple):
    """The SVG, or why there is none (empty svg)."""

    svg: str
    problem: str = ""


def find_dot() -> str | None:
    return shutil.which("dot")


def layout(dot_text: str, label: str = "") -> Layout:
    """Run `dot -Tsvg` on the DOT text; the sanitized SVG, or a sentence saying why it could not."""
    dot = find_dot()
    if dot is None:
        return Layout("", NO_ENGINE)
    try:
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Layout("", f"Graphviz's `dot` did not finish within {TIMEOUT_SECONDS} s")
    except OSError as e:
        return Layout("", f"Graphviz's `dot` could not be started: {e.strerror or e}")
    if done.returncode != 0:
        said = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
        return Layout("", f"Graphviz's `dot` failed (exit {done.returncode}): {said}")
    try:
        return Layout(sanitize(done.stdout.decode("utf-8"), label))
    except ValueError as e:
        return Layout("", f"Graphviz's `dot` wrote SVG that could not be read: {e}")


def sanitize(svg: str, label: str = "") -> str:
    """The SVG rebuilt from allowed elements and attributes only, every text and value escaped.

    The XML declaration, doctype (whose external DTD would be a fetch) and comments go; an entity
    declaration is refused outright, so nothing can expand. label becomes the picture's accessible name.
    """
    if "<!ENTITY" in svg:
        raise ValueError("it declares entities")
    body = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", "", svg, flags=re.DOTALL)
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise ValueError(str(e)) from None
    if _local(root.tag) != "svg":
        raise ValueError("its root is not <svg>")
    extra = ' role="img"' + (f' aria-label="{escape(label, quote=True)}"' if label else "")
    return "".join(_element(root, extra)) + "\n"


def _local(name: str) -> str:
    """A tag or attribute name without its namespace; '' for a name in a namespace other than SVG's."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return local if namespace == SVG_NS else ""
    return name


def _element(node: ET.Element, extra: str = "") -> list[str]:
    tag = _local(node.tag)
    if tag not in ELEMENTS:
        return []
    attrs = "".join(
        f' {name}="{escape(value, quote=True)}"'
        for name, value in ((_local(k), v) for k, v in node.attrib.items())
        if name in ATTRIBUTES and not _UNSAFE_VALUE.search(value)
    )
    if tag == "svg":
        attrs = f' xmlns="{SVG_NS}"' + attrs + extra
    out = [f"<{tag}{attrs}>", escape(node.text or "", quote=False)]
    for child in node:
        out += _element(child)
        out.append(escape(child.tail or "", quote=False))
    out.append(f"</{tag}>")
    return out


def size_pt(svg: str) -> tuple[float, float]:
    """The width and height Graphviz gave the picture, in points."""
    found = re.search(r'<svg[^>]* width="([0-9.]+)pt" height="([0-9.]+)pt"', svg)
    return (float(found.group(1)), float(found.group(2))) if found else (0.0, 0.0)


def fits_a_page(svg: str) -> bool:
    """Whether the picture, shrunk to an A4 page's width if wider, is no taller than the page."""
    width, height = (v * 4 / 3 for v in size_pt(svg))  # points to CSS pixels
    scale = min(1.0, PAGE_WIDTH_PX / width) if width else 1.0
    return height * scale <= PAGE_HEIGHT_PX


def pages(flow: Flow, title: str) -> list[Layout]:
    """The flow cut into runs of questions that each fit one printed page, each laid out by dot.

    Each page takes as many questions as fit (a single question always goes on a page of its own).
    """
    from selfcheck.render.diagram import excerpt
    from selfcheck.render.diagram_text import render_dot

    questions = sum(1 for node in flow.nodes if node.kind == "question")

    def page(first: int, last: int) -> Layout:
        label = f"{title} (questions {first} to {last} of {questions})"
        return layout(render_dot(excerpt(flow, first, last), label), label)

    out: list[Layout] = []
    first = 1
    while first <= questions:
        last, best = first, page(first, first)
        if best.problem:
            return [best]
        while last < questions:
            wider = page(first, last + 1)
            if wider.problem or not fits_a_page(wider.svg):
                break
            last, best = last + 1, wider
        out.append(best)
        first = last + 1
    return out
