"""Stages import each other only through their package's ``__all__`` (known debt listed, never growing).

A stage package is a sub-package of ``gspgen`` other than ``cli`` (the CLI and ``pipeline.py`` orchestrate
and may reach into a stage). ``from gspgen.train import train`` is the rule; ``from gspgen.train.trainer import
build_model`` in another stage is debt: it ties that stage to a module it should not know.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "gspgen"
STAGES = sorted(p.parent.name for p in SRC.glob("*/__init__.py") if p.parent.name != "cli")

# (importing module, imported module) pairs that bypass __all__ today. Remove a line when it is fixed;
# never add one: import through the stage's __all__ (and add the name there) instead.
KNOWN_DEBT = {
    ("check.sources", "corpus.lexicon"),
    ("describe.facts", "corpus.lexicon"),
    ("describe.facts", "corpus.render"),
    ("describe.faithful", "corpus.loaders.entries"),
    ("describe.faithful", "corpus.render"),
    ("describe.retrieval", "corpus.documents"),
    ("describe.retrieval", "corpus.hits"),
    ("describe.runner", "corpus.store"),
    ("infer.clips", "skeleton.dataset"),
    ("infer.clips", "skeleton.layouts"),
    ("infer.clips", "skeleton.readers._pose"),
    ("infer.clips", "skeleton.readers._sam_slr"),
    ("infer.evaluate", "skeleton.dataset"),
    ("infer.evaluate", "train.metrics"),
    ("infer.export", "skeleton.dataset"),
    ("infer.export", "skeleton.layouts"),
    ("infer.export", "skeleton.transforms"),
    ("infer.recognizer", "skeleton.dataset"),
    ("infer.recognizer", "skeleton.layouts"),
    ("infer.recognizer", "train.data"),
    ("infer.recognizer", "train.model"),
    ("infer.recognizer", "train.trainer"),
    ("infer.zeroshot", "train.textbank"),
    ("skeleton.synth.generate", "corpus.lexicon"),
    ("skeleton.synth.phonology", "corpus.lexicon"),
    ("train.data", "skeleton.dataset"),
    ("train.data", "skeleton.layouts"),
    ("train.data", "skeleton.streams"),
    ("train.data", "skeleton.transforms"),
    ("train.trainer", "skeleton.dataset"),
    ("train.trainer", "skeleton.layouts"),
    ("train.rundir", "skeleton.dataset"),
    ("train.textbank", "corpus.embedder"),
}
DEBT_CEILING = 33  # 49 when this test was written; it may only go down


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
