"""`tender demo` builds a specification from the bundled example manifest."""

from __future__ import annotations

from tenderkit.clauses.manifest import load_manifest
from tenderkit.templates.word.audit import audit
from tenderkit.templates.word.properties import read_spec_properties
from tests.conftest import DemoRun


def test_demo_builds_an_accessible_specification_from_the_example_manifest(
    demo_run: DemoRun,
) -> None:
    """The demo writes the example manifest and the spec built from it; the spec passes the audit."""
    manifest = demo_run.out / "spec-manifest.yaml"
    spec = demo_run.out / "service-specification.docx"
    assert f"wrote {manifest}" in demo_run.stdout and f"wrote {spec}" in demo_run.stdout
    props = read_spec_properties(spec)
    assert props.manifest_hash == load_manifest(manifest).hash
    assert "WC-CV-003@2.0.0" in props.clauses and "WC-CV-001@3.0.0" in props.clauses
    assert props.rubric.startswith("workplace-compassion@2.")
    assert audit(spec) == []
