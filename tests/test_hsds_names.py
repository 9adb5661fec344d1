"""Issue 24: the content format uses the Open Referral HSDS names where ours differed; the old keys are refused
with "did you mean" the new one, and scripts/migrate_hsds_names.py renames them in a folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import content_copy, run_check

ROOT = Path(__file__).parent.parent
OLD = """\
- id: testville-settlement
  organization: testville-newcomers
  name: {fr: Aide à l'établissement, en: Settlement help}
  description: {fr: Orientation et références., en: Orientation and referrals.}
  topics: [work, languages]
  programs: [settlement]
  cost: {fr: Gratuit, en: Free}
  how_to_access: {fr: Sans rendez-vous, en: Walk in}
  documents: [{fr: Votre CRP, en: Your COPR}]
  locations: [centre]
  references: [{title: Centre website, url: "https://newcomers.example.org", kind: practice}]
  verified_on: 2026-06-01
"""
LOCATIONS = """\
- id: centre
  organization: testville-newcomers
  name: {fr: Centre, en: Centre}
  address: {address_1: 1 Main Street, city: Testville, region: AB}
  references: [{title: Centre website, url: "https://newcomers.example.org", kind: practice}]
  verified_on: 2026-06-01
"""
PO = 'msgctxt "services/testville-settlement/documents[0]"\nmsgid "Your COPR"\nmsgstr "Su CRP"\n'


def test_old_keys_are_refused_with_their_hsds_name(tmp_path, capsys):
    root = content_copy(tmp_path, {"regions/ca/ab/testville/services.yaml": OLD,
                                   "regions/ca/ab/testville/locations.yaml": LOCATIONS})
    code, lines = run_check(capsys, "--content", str(root))
    assert code == 1
    found = [line.split("testville/", 1)[1] for line in lines if "HSDS" in line]
    assert found == [
        "locations.yaml:4:56: unknown key 'region'; did you mean 'state_province'? (its Open Referral HSDS name)",
        "services.yaml:7:3: unknown key 'cost'; did you mean 'fees_description'? (its Open Referral HSDS name)",
        "services.yaml:8:3: unknown key 'how_to_access'; did you mean 'application_process'? (its Open Referral "
        "HSDS name)",
        "services.yaml:9:3: unknown key 'documents'; did you mean 'required_documents'? (its Open Referral HSDS name)",
    ]


def test_the_migration_renames_keys_and_translation_contexts(tmp_path, capsys):
    root = content_copy(tmp_path, {"regions/ca/ab/testville/services.yaml": OLD,
                                   "regions/ca/ab/testville/locations.yaml": LOCATIONS,
                                   "regions/ca/ab/testville/translations/es.po": PO})
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "migrate_hsds_names.py"), str(root)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    services = (root / "regions/ca/ab/testville/services.yaml").read_text(encoding="utf-8")
    assert services == (OLD.replace("  cost:", "  fees_description:").replace("  how_to_access:", "  application_process:")
                        .replace("  documents:", "  required_documents:"))
    assert "city: Testville, state_province: AB}" in (root / "regions/ca/ab/testville/locations.yaml").read_text()
    assert 'msgctxt "services/testville-settlement/required_documents[0]"' in (
        root / "regions/ca/ab/testville/translations/es.po").read_text(encoding="utf-8")
    code, lines = run_check(capsys, "--content", str(root))
    assert not [line for line in lines if "unknown key" in line], lines


def test_the_shipped_content_uses_the_hsds_names():
    for path in (ROOT / "content" / "regions").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.name == "services.yaml":
            assert not [w for w in ("  cost:", "  how_to_access:", "  documents:") if w in text], path
        if path.name == "locations.yaml":
            assert "region:" not in text, path
