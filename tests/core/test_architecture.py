"""The shape of the code: no import cycles in ``app/``, not even through an import inside a function
(a function-level import that hides a cycle only moves the failure to run time).

Imports under ``if TYPE_CHECKING:`` are left out: they never run. An import names the module it
imports (``from app.core import codex_cli`` is ``app.core.codex_cli``; ``from app.core.doctor
import run_doctor`` is the package ``app.core.doctor``); the parent packages Python runs first
are not counted, so a package's ``__init__`` re-exporting its modules is not a cycle.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"

# No cycle is known: the UI's start-up loop (issue 21 point 5) is gone. Any cycle fails.
KNOWN_CYCLE: frozenset[str] = frozenset()


def _module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in APP.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    yield from _imports_in(list(ast.iter_child_nodes(tree)))


def _imports_in(nodes: list[ast.AST]) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in nodes:
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from _imports_in(list(node.orelse))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _imports(node)


def _targets(
    node: ast.Import | ast.ImportFrom, here: str, is_package: bool, known: set[str]
) -> Iterator[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name in known:
                yield alias.name
        return
    base = node.module or ""
    if node.level:
        anchor = here.split(".") if is_package else here.split(".")[:-1]
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, base] if base else anchor)
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        if sub in known:
            yield sub
        elif base in known:
            yield base


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        for node in _imports(tree):
            graph[name].update(t for t in _targets(node, name, is_package, known) if t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_function_level_imports_and_skips_type_hints() -> None:
    graph = import_graph()
    # Imported inside functions only:
    assert "app.core.repair" in graph["app.core.wizard.tasks"]
    assert "app.core.doctor" in graph["app.core.tray.jobs"]
    code = "if TYPE_CHECKING:\n    import a\nelse:\n    import b\ndef f():\n    import c\n"
    assert [n.names[0].name for n in _imports(ast.parse(code))] == ["b", "c"]  # type: ignore[union-attr]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_in_app() -> None:
    found = cycles(import_graph())
    unknown = [c for c in found if not set(c) <= KNOWN_CYCLE]
    assert unknown == []


def test_no_import_cycle_in_the_core() -> None:
    graph = import_graph()
    core = {
        m: {t for t in ts if t.startswith("app.core")}
        for m, ts in graph.items()
        if m.startswith("app.core")
    }
    assert cycles(core) == []


# --------------------------------------------------------------------------- workarounds

_URL = re.compile(r"https?://\S+")


def _workaround_comments(source: str) -> Iterator[tuple[int, str]]:
    """Every ``WORKAROUND`` with the rest of its comment: for ``#`` comments, the marker's line and
    the comment lines right under it; in a docstring, the marker's paragraph (to a blank line)."""
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for i, token in enumerate(tokens):
        if "WORKAROUND" not in token.string:
            continue
        if token.type == tokenize.COMMENT:
            text, line = [token.string], token.start[0]
            for later in tokens[i + 1 :]:
                if later.type in (tokenize.NL, tokenize.NEWLINE):
                    continue
                if later.type != tokenize.COMMENT or later.start[0] != line + 1:
                    break
                text.append(later.string)
                line = later.start[0]
            yield token.start[0], "\n".join(text)
        elif token.type == tokenize.STRING:
            rest = token.string[token.string.index("WORKAROUND") :]
            before = token.string[: token.string.index("WORKAROUND")]
            yield token.start[0] + before.count("\n"), re.split(r"\n\s*\n", rest)[0]


def workarounds_without_a_link(root: Path) -> list[str]:
    missing = []
    for path in sorted(root.rglob("*.py")):
        for line, text in _workaround_comments(path.read_text(encoding="utf-8")):
            if not _URL.search(text):
                missing.append(f"{path.relative_to(root.parent)}:{line}")
    return missing


def test_the_workaround_finder_reads_comments_and_docstrings(tmp_path: Path) -> None:
    package = tmp_path / "app"
    package.mkdir()
    (package / "m.py").write_text(
        "x = 1  # WORKAROUND: a quirk,\n"
        "# explained here: https://bugreports.qt.io/browse/QTBUG-1\n"
        "# WORKAROUND: no link in this comment\n"
        "\n"
        "# https://example.org/ (another comment: not this marker's)\n"
        'def f():\n    """WORKAROUND: a quirk.\n\n    https://example.org/ too far."""\n'
        'def g():\n    """Does g.\n\n    WORKAROUND: see\n    https://docs.python.org/3/"""\n',
        encoding="utf-8",
    )
    assert workarounds_without_a_link(package) == ["app/m.py:3", "app/m.py:7"]


def test_every_workaround_links_what_it_works_around() -> None:
    """A ``# WORKAROUND:`` names a platform's or a library's quirk; its comment links the upstream
    issue or the documentation that describes it, so that a later reader can check whether the
    quirk is still there (and the workaround can go)."""
    assert workarounds_without_a_link(APP) == []


# --------------------------------------------------------------------------- dataclasses


def _is_dataclass_decorator(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return (isinstance(target, ast.Name) and target.id == "dataclass") or (
        isinstance(target, ast.Attribute) and target.attr == "dataclass"
    )


def dataclasses_without_a_docstring(root: Path) -> list[str]:
    missing = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ClassDef)
                and any(_is_dataclass_decorator(d) for d in node.decorator_list)
                and ast.get_docstring(node) is None
            ):
                missing.append(f"{path.relative_to(root.parent)}:{node.lineno} {node.name}")
    return missing


def test_the_dataclass_finder_sees_every_spelling(tmp_path: Path) -> None:
    package = tmp_path / "app"
    package.mkdir()
    (package / "m.py").write_text(
        "import dataclasses\n"
        "from dataclasses import dataclass\n"
        "@dataclass\nclass A:\n    x: int\n"
        "@dataclass(frozen=True)\nclass B:\n    x: int\n"
        "@dataclasses.dataclass(frozen=True)\nclass C:\n    x: int\n"
        '@dataclass\nclass D:\n    """Has one."""\n\n    x: int\n'
        "class E:\n    x: int\n"
        "def f():\n    @dataclass\n    class G:\n        x: int\n",
        encoding="utf-8",
    )
    assert dataclasses_without_a_docstring(package) == [
        "app/m.py:4 A",
        "app/m.py:7 B",
        "app/m.py:10 C",
        "app/m.py:21 G",
    ]


def test_every_dataclass_says_what_it_is() -> None:
    """Every ``@dataclass`` in ``app/`` has a docstring of its own, for two reasons. Names say what
    things are, and a newcomer should also read what each record is for. And speed: on Python
    3.11, ``dataclasses`` gives a class without a docstring one computed at import time with
    ``inspect.signature`` (~0.15 ms each), paid before the wizard's first paint and at every tray
    start."""
    assert dataclasses_without_a_docstring(APP) == []
