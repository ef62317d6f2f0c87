"""Stages import each other only through their package's ``__all__``; module names are unique.

A stage package is a sub-package of ``gspgen`` other than ``cli`` (the CLI and ``pipeline.py`` orchestrate
and may reach into a stage). ``from gspgen.train import train`` is the rule; ``from gspgen.train.trainer
import build_model`` in another stage is debt: it ties that stage to a module it should not know. Stage
packages export lazily, so ``gspgen --help`` loads no heavy library.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "gspgen"
STAGES = sorted(p.parent.name for p in SRC.glob("*/__init__.py") if p.parent.name != "cli")
# Packages in the house __init__ style: every stage (sub-packages such as corpus.loaders are internals).
EXPORTERS = STAGES

# (importing module, imported module) pairs that bypass __all__. Empty since issue 23; never add one:
# import through the stage's __all__ (and add the name to its _EXPORTS) instead.
KNOWN_DEBT: set[tuple[str, str]] = set()
DEBT_CEILING = 0  # 49 when this test was written, 33 before issue 23; it may only go down


def _module(path: Path) -> str:
    return ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")


def _stage_imports(path: Path, module: str) -> list[tuple[str, list[str]]]:
    """(imported gspgen module, names) for every import of another stage, top-level or inside a function."""
    own = module.split(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [(node.module, [a.name for a in node.names])]
        elif isinstance(node, ast.Import):
            modules = [(a.name, ["*"]) for a in node.names]
        else:
            continue
        for module, names in modules:
            parts = module.split(".")
            if parts[0] == "gspgen" and len(parts) > 1 and parts[1] in STAGES and parts[1] != own:
                found.append((".".join(parts[1:]), names))
    return found


def violations() -> set[tuple[str, str]]:
    """(importer, imported) pairs that go past the imported stage's __all__."""
    bad = set()
    for path in sorted(SRC.rglob("*.py")):
        importer = _module(path)
        if importer.split(".")[0] not in STAGES:
            continue
        for imported, names in _stage_imports(path, importer):
            deep = "." in imported
            if deep or set(names) - set(importlib.import_module(f"gspgen.{imported}").__all__):
                bad.add((importer, imported))
    return bad


def test_stages_import_each_other_only_through_all() -> None:
    new = sorted(violations() - KNOWN_DEBT)
    assert not new, (
        "imports past a stage's __all__ (import the name from the package instead):\n"
        + "\n".join(f"  gspgen.{a} -> gspgen.{b}" for a, b in new)
    )


def test_the_known_debt_only_shrinks() -> None:
    assert len(KNOWN_DEBT) <= DEBT_CEILING
    fixed = sorted(KNOWN_DEBT - violations())
    # A stale entry would let that import come back unnoticed: the fix and the list change together.
    assert not fixed, "fixed, remove from KNOWN_DEBT and lower DEBT_CEILING: " + ", ".join(map(str, fixed))


def test_no_two_modules_share_a_file_name() -> None:
    # One meaning per name: ``run.py`` in two stages makes tracebacks, searches and talk ambiguous.
    by_name: dict[str, list[str]] = {}
    for path in SRC.rglob("*.py"):
        if path.name not in ("__init__.py", "__main__.py"):
            by_name.setdefault(path.name, []).append(_module(path))
    shared = {name: sorted(modules) for name, modules in by_name.items() if len(modules) > 1}
    assert not shared, f"modules sharing a file name (rename one): {shared}"


def test_the_rule_sees_deep_and_lazy_imports(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text(
        "from gspgen.train import train\n"
        "def f():\n    from gspgen.train.trainer import build_model\n    import gspgen.skeleton.dataset\n"
    )
    found = _stage_imports(source, "describe.probe")
    assert found == [("train", ["train"]), ("train.trainer", ["build_model"]), ("skeleton.dataset", ["*"])]
    assert _stage_imports(source, "train.probe") == [("skeleton.dataset", ["*"])]  # its own stage is free


def test_help_imports_no_heavy_library() -> None:
    """``gspgen --help`` and every command's ``--help`` stay fast: stage packages import nothing heavy."""
    probe = (
        "import sys\n"
        "from typer.main import get_command\n"
        "from typer.testing import CliRunner\n"
        "from gspgen.cli import app\n"
        "runner = CliRunner()\n"
        "for args in [[]] + [[name] for name in get_command(app).commands]:\n"
        "    assert runner.invoke(app, [*args, '--help']).exit_code == 0, args\n"
        "heavy = ('torch', 'chromadb', 'numpy', 'sentence_transformers')\n"
        "print(' '.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def _declared(package: str) -> tuple[dict[str, str], dict[str, str]]:
    """A package __init__'s ``_EXPORTS`` literal and its ``if TYPE_CHECKING:`` imports, as name -> module."""
    tree = ast.parse((SRC / package.replace(".", "/") / "__init__.py").read_text(encoding="utf-8"))
    exports: dict[str, str] = {}
    typed: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["_EXPORTS"]:
            exports = ast.literal_eval(node.value)
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module, ast.dump(imp)
                typed |= {a.asname or a.name: imp.module for a in imp.names}
    return exports, typed


@pytest.mark.parametrize("package", EXPORTERS)
def test_a_stage_package_exports_lazily_what_type_checkers_see(package: str) -> None:
    exports, typed = _declared(package)
    assert exports, f"gspgen.{package} has no _EXPORTS literal"
    assert exports == typed, f"gspgen.{package}: _EXPORTS and the TYPE_CHECKING imports differ"
    module = importlib.import_module(f"gspgen.{package}")
    assert module.__all__ == sorted(exports) and dir(module) == module.__all__


@pytest.mark.parametrize("package", EXPORTERS)
def test_every_exported_name_resolves_to_its_object_not_a_module(package: str) -> None:
    module = importlib.import_module(f"gspgen.{package}")
    # A name that is also a submodule's would turn into that module once the submodule is imported.
    submodules = {info.name for info in pkgutil.iter_modules(module.__path__)}
    assert not set(module.__all__) & submodules, f"gspgen.{package}: a public name is also a module name"
    for name in module.__all__:
        value = getattr(module, name)
        assert not isinstance(value, ModuleType), f"gspgen.{package}.{name}"
        assert value is getattr(importlib.import_module(_declared(package)[0][name]), name)
    with pytest.raises(AttributeError):
        module.no_such_name  # noqa: B018
