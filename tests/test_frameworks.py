"""Framework files: they load, a broken one names file and field, they say exactly what
frameworks/themes.yaml decided, and requirement statuses follow the documented rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from compliance.catalog.controls import CatalogError
from compliance.catalog.frameworks import THEMES_FILE, load_frameworks
from compliance.model import Evidence, Finding, Location, Resource, Status, requirements_by_control
from compliance.results.frameworks import evaluate_frameworks

REPO = Path(__file__).resolve().parents[1]
FRAMEWORKS_DIR = REPO / "frameworks"
THEMES = yaml.safe_load((FRAMEWORKS_DIR / THEMES_FILE).read_text())
IDS = ("gdpr", "hipaa", "iso27001", "pci-dss", "soc2")


@pytest.fixture(scope="module")
def frameworks(catalog):
    return load_frameworks(catalog=catalog)


@pytest.fixture(scope="module")
def by_id(frameworks):
    return {f.id: f for f in frameworks}


def control_theme() -> dict[str, dict]:
    placed: dict[str, dict] = {}
    for theme in THEMES["themes"]:
        for control in theme.get("controls", []) + theme.get("supporting_controls", []):
            assert control not in placed, f"{control} is in {placed[control]['id']} and {theme['id']}"
            placed[control] = theme
    return placed


# --- the shipped files ---------------------------------------------------------------------


def test_the_five_frameworks_load_and_validate(frameworks):
    assert [f.id for f in frameworks] == list(IDS)
    names = {f.id: (f.name, f.edition) for f in frameworks}
    assert names["gdpr"] == ("GDPR", "Regulation (EU) 2016/679")
    assert names["hipaa"][1] == "45 CFR Part 164 Subpart C"
    assert names["pci-dss"] == ("PCI DSS v4.0.1", "PCI DSS v4.0.1")
    assert names["soc2"][1] == "2017 TSC with revised points of focus 2022"
    assert names["iso27001"][1] == "ISO/IEC 27001:2022 Annex A"
    for framework in frameworks:
        assert framework.source and framework.disclaimer
        assert framework.automated and framework.automated < len(framework.requirements)


def test_every_catalog_control_is_placed_in_exactly_one_theme(catalog):
    placed = control_theme()
    assert set(placed) == set(catalog.by_id)


def test_every_control_maps_to_each_framework_its_theme_maps_to(catalog, by_id):
    """A control supports at least one requirement of every framework for which the reference
    gives its theme a mapping, and none of the others."""
    refs = requirements_by_control(by_id.values())
    for control, theme in control_theme().items():
        expected = {fw for fw, cell in theme["requirements"].items()
                    if cell.get("direct") or cell.get("supports")}
        assert {r.framework for r in refs.get(control, [])} == expected, control
    assert set(refs) == set(catalog.by_id)


def test_framework_files_agree_with_themes(by_id):
    """Each (requirement, control, strength) of the files is what themes.yaml derives, and
    nothing else: `direct` only for [S] requirements and full theme members."""
    for framework_id, framework in by_id.items():
        expected: dict[tuple[str, str], str] = {}
        for theme in THEMES["themes"]:
            cell = theme["requirements"].get(framework_id, {})
            for strength in ("direct", "supports"):
                for requirement in cell.get(strength, []):
                    for control in theme.get("controls", []):
                        expected[(requirement, control)] = strength
                    for control in theme.get("supporting_controls", []):
                        expected[(requirement, control)] = "supports"
        actual = {(r.id, link.control): link.strength
                  for r in framework.requirements for link in r.controls}
        assert actual == expected, framework_id


def test_requirement_ids_are_exactly_the_reference_ids(by_id):
    for framework_id, framework in by_id.items():
        ids = [r.id for r in framework.requirements]
        assert len(ids) == len(set(ids))
        assert set(ids) == set(THEMES["reference_ids"][framework_id]), framework_id
    for theme in THEMES["themes"]:
        assert set(theme["requirements"]) <= set(IDS), theme["id"]
        for framework_id, cell in theme["requirements"].items():
            cited = set(cell.get("direct", [])) | set(cell.get("supports", []))
            assert cited <= set(THEMES["reference_ids"][framework_id]), (theme["id"], cited)
            assert not set(cell.get("direct", [])) & set(cell.get("supports", []))


@pytest.mark.parametrize("framework_id,requirement", [
    ("pci-dss", "10.5.1"), ("pci-dss", "4.2.1"), ("pci-dss", "8.6.2"), ("pci-dss", "10.2.1.4"),
    ("pci-dss", "A1.2.1"), ("hipaa", "164.312(b)"), ("hipaa", "164.312(e)(2)(ii)"),
    ("hipaa", "164.308(a)(1)(ii)(D)"), ("soc2", "CC6.1"), ("soc2", "CC7.2"), ("soc2", "A1.2"),
    ("iso27001", "A.8.15"), ("iso27001", "A.8.24"), ("iso27001", "A.5.17"),
    ("gdpr", "Art. 32(1)(b)"), ("gdpr", "Art. 25(2)"), ("gdpr", "Art. 5(1)(e)"),
])
def test_real_requirement_ids_are_there(by_id, framework_id, requirement):
    assert requirement in by_id[framework_id].by_id


@pytest.mark.parametrize("framework_id,requirement", [
    ("pci-dss", "8.3.10.1"), ("iso27001", "A.8.1"), ("gdpr", "Art. 30"), ("soc2", "CC1.1"),
    ("hipaa", "164.308(a)(6)(i)"),
])
def test_ids_outside_the_reference_are_not(by_id, framework_id, requirement):
    assert requirement not in by_id[framework_id].by_id


def test_some_mappings_an_auditor_would_look_for(by_id):
    def links(framework_id, requirement):
        return {l.control: l.strength for l in by_id[framework_id].by_id[requirement].controls}

    assert links("pci-dss", "10.5.1")["aws-cloudwatch-log-retention"] == "direct"
    assert links("pci-dss", "10.5.1")["gcp-log-bucket-retention"] == "direct"
    assert links("pci-dss", "4.2.1")["kong-route-https-only"] == "direct"
    assert links("pci-dss", "8.6.2")["tf-variable-secret-default"] == "direct"
    assert links("hipaa", "164.312(b)")["aws-apigw-access-logging"] == "direct"
    assert links("hipaa", "164.312(b)")["aws-apigw-xray-tracing"] == "supports"
    assert links("iso27001", "A.8.26")["kong-cors-wildcard-credentials"] == "supports"
    # themes the reference marks "—" for a framework map nothing there
    assert not any("aws-apigw-waf" in links("hipaa", r.id) for r in by_id["hipaa"].requirements)
    assert by_id["pci-dss"].by_id["8.4.1"].manual  # MFA: no control, manual evidence
    assert by_id["iso27001"].by_id["A.8.23"].manual  # web filtering is not a WAF


def test_hipaa_notes_give_required_or_addressable(by_id):
    for requirement in by_id["hipaa"].requirements:
        assert any(word in requirement.notes for word in ("Required", "Addressable", "Standard")), \
            requirement.id


def test_wording_never_claims_compliance(frameworks):
    for path in FRAMEWORKS_DIR.glob("*.yaml"):
        assert "compliant" not in path.read_text().lower(), path.name
    for framework in frameworks:
        assert "support" in framework.disclaimer


def test_requirements_by_control(by_id):
    refs = requirements_by_control(by_id.values())["aws-cloudwatch-log-retention"]
    pci = [r for r in refs if r.framework == "pci-dss"]
    assert {(r.requirement, r.strength) for r in pci} == {("10.5.1", "direct"), ("5.3.4", "supports")}
    assert pci[0].framework_name == "PCI DSS v4.0.1"
    assert all(r.title for r in refs)


# --- broken files --------------------------------------------------------------------------

GOOD = {
    "id": "demo",
    "name": "Demo Framework",
    "edition": "Demo 1.0",
    "source": "Read nothing.",
    "disclaimer": "These mappings support, they do not certify.",
    "requirements": [
        {"id": "1.1", "title": "Logs are kept",
         "controls": [{"control": "aws-cloudwatch-log-retention", "strength": "direct"}]},
        {"id": "1.2", "title": "Someone reads them", "controls": []},
    ],
}


def write(tmp_path: Path, data: dict, name: str = "demo") -> Path:
    folder = tmp_path / "frameworks"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return folder


def changed(**requirement_changes) -> dict:
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    data["requirements"][0].update(requirement_changes)
    for key, value in list(data["requirements"][0].items()):
        if value is None:
            del data["requirements"][0][key]
    return data


def test_good_framework_loads(tmp_path, catalog):
    (framework,) = load_frameworks(write(tmp_path, GOOD), catalog=catalog)
    assert framework.id == "demo" and framework.automated == 1
    assert framework.by_id["1.2"].manual


def test_themes_file_is_not_a_framework(tmp_path, catalog):
    folder = write(tmp_path, GOOD)
    (folder / THEMES_FILE).write_text("themes: []\n")
    assert [f.id for f in load_frameworks(folder, catalog=catalog)] == ["demo"]


@pytest.mark.parametrize("data,message", [
    (changed(controls=[{"control": "no-such-control", "strength": "direct"}]),
     "demo.yaml: requirements[0].controls[0].control: no control 'no-such-control'"),
    ({**GOOD, "requirements": [GOOD["requirements"][0], {**GOOD["requirements"][1], "id": "1.1"}]},
     "demo.yaml: requirements[1].id: duplicate requirement '1.1'"),
    (changed(id=None), "demo.yaml: requirements[0]: 'id' is a required property"),
    (changed(title=None), "demo.yaml: requirements[0]: 'title' is a required property"),
    (changed(title=""), "demo.yaml: requirements[0].title:"),
    (changed(controls=[{"control": "aws-cloudwatch-log-retention", "strength": "satisfies"}]),
     "demo.yaml: requirements[0].controls[0].strength: 'satisfies' is not one of"),
    (changed(controls=[{"control": "aws-cloudwatch-log-retention", "strength": "direct"},
                       {"control": "aws-cloudwatch-log-retention", "strength": "supports"}]),
     "demo.yaml: requirements[0].controls[1].control: 'aws-cloudwatch-log-retention' is listed twice"),
    ({k: v for k, v in GOOD.items() if k != "disclaimer"},
     "demo.yaml: (top level): 'disclaimer' is a required property"),
    ({**GOOD, "id": "other"}, "demo.yaml: id: 'other' does not match the file name"),
])
def test_broken_framework_names_file_and_field(tmp_path, catalog, data, message):
    with pytest.raises(CatalogError) as error:
        load_frameworks(write(tmp_path, data), catalog=catalog)
    # the file, the line of the field (or its nearest ancestor), then the field
    file, field_and_message = message.split(": ", 1)
    assert re.match(rf"{re.escape(file)}:\d+: {re.escape(field_and_message)}", str(error.value)), \
        str(error.value)


def test_yaml_syntax_error_is_a_catalog_error(tmp_path, catalog):
    folder = tmp_path / "frameworks"
    folder.mkdir()
    (folder / "demo.yaml").write_text("id: demo\nrequirements: [\n")
    with pytest.raises(CatalogError, match="demo.yaml:3: not valid YAML"):
        load_frameworks(folder, catalog=catalog)


# --- statuses ------------------------------------------------------------------------------


def finding(control: str, status: Status, address: str = "aws_x.a") -> Finding:
    resource = Resource(platform="terraform", type="aws_x", name="a", address=address,
                        attributes={}, location=Location("main.tf", 1, 3))
    return Finding(control=control, check="c", title="t", category="logging", severity="low",
                   status=status, resource=resource, evidence=Evidence("a", 1, "2", 2))


DEMO = {
    "id": "demo", "name": "Demo", "edition": "1", "source": "s", "disclaimer": "d supports",
    "requirements": [
        {"id": "fails", "title": "t", "controls": [{"control": "aws-kms-key-rotation", "strength": "direct"},
                                                    {"control": "aws-s3-public-acl", "strength": "supports"}]},
        {"id": "passes", "title": "t", "controls": [{"control": "aws-s3-public-acl", "strength": "direct"}]},
        {"id": "nothing-in-scope", "title": "t", "controls": [{"control": "aws-rds-not-public", "strength": "direct"}]},
        {"id": "unknown", "title": "t", "controls": [{"control": "aws-apigw-waf", "strength": "direct"}]},
        {"id": "waived", "title": "t", "controls": [{"control": "aws-sg-admin-ports-open", "strength": "direct"}]},
        {"id": "not-run", "title": "t", "controls": [{"control": "k8s-rbac-wildcard", "strength": "direct"}]},
        {"id": "manual", "title": "t", "controls": []},
    ],
}


def test_statuses(tmp_path, catalog):
    frameworks = load_frameworks(write(tmp_path, DEMO), catalog=catalog)
    findings = [
        finding("aws-kms-key-rotation", Status.FAIL), finding("aws-kms-key-rotation", Status.PASS, "b"),
        finding("aws-s3-public-acl", Status.PASS), finding("aws-s3-public-acl", Status.WAIVED, "b"),
        finding("aws-apigw-waf", Status.PASS), finding("aws-apigw-waf", Status.UNKNOWN, "b"),
        finding("aws-sg-admin-ports-open", Status.WAIVED),
    ]
    ran = ["aws-kms-key-rotation", "aws-s3-public-acl", "aws-rds-not-public", "aws-apigw-waf",
           "aws-sg-admin-ports-open"]
    (result,) = evaluate_frameworks(frameworks, ["demo"], findings, [catalog.by_id[c] for c in ran])
    status = {r.id: r.status for r in result.requirements}
    assert status == {"fails": "failing", "passes": "passing", "nothing-in-scope": "not-evaluated",
                      "unknown": "not-evaluated", "waived": "not-evaluated",
                      "not-run": "not-evaluated", "manual": "manual"}
    by_id = {r.id: r for r in result.requirements}
    assert [f.control for f in by_id["fails"].findings] == ["aws-kms-key-rotation"]
    assert by_id["fails"].evaluated == 4 and by_id["fails"].controls == ("aws-kms-key-rotation",
                                                                         "aws-s3-public-acl")
    assert by_id["fails"].strengths == {"aws-kms-key-rotation": "direct", "aws-s3-public-acl": "supports"}
    assert (by_id["passes"].passed, by_id["passes"].waived, by_id["passes"].findings) == (1, 1, [])
    assert by_id["unknown"].unknown == 1 and by_id["waived"].evaluated == 1
    assert by_id["not-run"].controls == () and by_id["manual"].controls == ()
    assert result.coverage == {
        "requirements": 7, "automated": 6, "manual": 1, "failing": 1, "passing": 1,
        "not_evaluated": 4, "percent_passing_of_evaluated": 50.0, "percent_automated": 85.7}


def test_nothing_evaluated_has_no_percentage(tmp_path, catalog):
    frameworks = load_frameworks(write(tmp_path, DEMO), catalog=catalog)
    (result,) = evaluate_frameworks(frameworks, ["demo"], [], catalog.controls)
    assert result.coverage["percent_passing_of_evaluated"] is None
    assert {r.status for r in result.requirements} == {"not-evaluated", "manual"}


def test_only_selected_frameworks_are_evaluated_in_order(frameworks, catalog):
    results = evaluate_frameworks(frameworks, ["soc2", "gdpr", "soc2"], [], catalog.controls)
    assert [r.id for r in results] == ["soc2", "gdpr"]
    with pytest.raises(KeyError):
        evaluate_frameworks(frameworks, ["nope"], [], catalog.controls)


def test_run_scan_fills_requirements_for_every_framework(tmp_path, catalog):
    from compliance.pipeline.scan import ScanOptions, run_scan

    (tmp_path / "main.tf").write_text('resource "aws_kms_key" "k" {\n  enable_key_rotation = false\n}\n')
    result = run_scan([tmp_path], catalog, options=ScanOptions(cache_dir=None))
    assert result.frameworks == []
    assert {r.framework for r in result.requirements["aws-kms-key-rotation"]} == set(IDS)
    result = run_scan([tmp_path], catalog, options=ScanOptions(cache_dir=None),
                      framework_ids=("pci-dss",))
    (pci,) = result.frameworks
    by_id = {r.id: r for r in pci.requirements}
    assert by_id["3.7.4"].status == "failing"
    assert by_id["3.7.4"].findings[0].resource.address == "aws_kms_key.k"
    assert by_id["10.5.1"].status == "not-evaluated"  # no log group in scope
    assert by_id["8.4.1"].status == "manual"


def test_the_sync_tool_derives_the_framework_files_from_themes():
    """tools/frameworks/sync.py writes what test_framework_files_agree_with_themes checks:
    the shipped files are already what it would write, and it rewrites a stale list."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("sync", REPO / "tools" / "frameworks" / "sync.py")
    sync = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sync)
    assert sync.main(["--check"]) == 0
    text = (REPO / "frameworks" / "pci-dss.yaml").read_text()
    links = sync.links_by_framework(THEMES)["pci-dss"]
    stale = text.replace("      - {control: aws-cloudwatch-log-retention, strength: direct}\n", "", 1)
    assert stale != text and sync.rewrite(stale, links) == text


def test_frameworks_cite_the_official_publication_only():
    # reports, framework files and evidence packs name the publication; the pages used to check
    # IDs (tools/frameworks/SOURCES.md) are not for users or auditors
    secondary = ("prowler", "kubescape", "complianceascode", "hightable", "gdprhub", ".com",
                 "ecfr.io", "advisera")
    publishers = {"gdpr": "EUR-Lex", "hipaa": "Department of Health and Human Services",
                  "iso27001": "ISO and IEC", "pci-dss": "PCI Security Standards Council",
                  "soc2": "AICPA"}
    for framework in load_frameworks():
        shown = " ".join([framework.source, framework.notes, framework.disclaimer]
                         + [r.notes or "" for r in framework.requirements]).lower()
        assert not [s for s in secondary if s in shown], framework.id
        assert publishers[framework.id] in framework.source
