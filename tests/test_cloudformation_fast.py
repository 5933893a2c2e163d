"""The template decoder without cfn-lint (`cloudformation_fast`) says what cfn-lint's says,
fact for fact and line for line, and hands cfn-lint everything it treats in its own way."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from compliance.parse import cloudformation, cloudformation_fast

ROOT = Path(__file__).resolve().parents[1]


def _templates() -> list[Path]:
    found = []
    for folder in ("controls", "tests", "examples"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".yaml", ".yml", ".json", ".template") and path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                if "AWSTemplateFormatVersion" in text or "AWS::" in text:
                    found.append(path)
    return found


def _same(fast: dict, reference: dict) -> None:
    assert fast == reference
    assert list(fast.get("lines", ())) == list(reference.get("lines", ()))  # in order, too
    assert json.dumps(fast) == json.dumps(reference)  # types as well as values


def test_every_template_of_the_repository_decodes_as_cfn_lint_decodes_it():
    decoded = 0
    templates = _templates()
    for path in templates:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        fast = cloudformation_fast.parse(text)
        if fast is not None:
            decoded += 1
            _same(fast, cloudformation.parse_with_cfn_lint(text))
    assert len(templates) > 300 and decoded > 0.9 * len(templates)
    assert cloudformation_fast.parse((ROOT / "examples/sam/template.yaml").read_text()) is not None


def test_the_corpus_templates_decode_without_cfn_lint(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_corpus.py"), "--files",
                    "40", "--k8s", "0", "--gateways", "0", "--cfn", "10", "--out",
                    str(tmp_path)], check=True, capture_output=True)
    templates = [p for folder in ("sam", "cloudformation") for p in (tmp_path / folder).rglob("*")
                 if p.is_file()]
    assert len(templates) == 10
    for path in templates:
        text = path.read_text()
        fast = cloudformation_fast.parse(text)
        assert fast is not None, path
        _same(fast, cloudformation.parse_with_cfn_lint(text))


SHAPES = {
    "short forms": """\
        Resources:
          Api:
            Type: AWS::ApiGateway::RestApi
            Properties:
              Name: !Sub "${AWS::StackName}-api"
              Parts: !Split [",", !Join ["-", [a, !Ref Stage]]]
              Arn: !GetAtt Role.Arn.Extra
              Listed: !GetAtt [Role, Arn]
              Kept: !Ref 5
              Chosen: !If [IsProd, !Ref AWS::NoValue, {Mode: dev}]
              Named: !Sub
                - "${Name}-x"
                - Name: !Ref Stage
              Found: !FindInMap [Map, !Ref "AWS::Region", Ami]
              Condition: !Condition IsProd
        """,
    "scalars and keys": """\
        AWSTemplateFormatVersion: 2010-09-09
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              Numbers: [1, 2.5, -3, 0x1f, .inf, yes, no, ~, null, 2001-12-14t21:59:43.10-05:00]
              1: one
              2.5: yes
              Empty:
              Text: !!str 12
              Block: |
                two
                lines
        """,
    "an anchor nobody uses": """\
        Resources:
          Bucket: &bucket
            Type: AWS::S3::Bucket
            Properties:
              Url: "https://example.com/?a=1&b=2"
        """,
    "json": """\
        {"AWSTemplateFormatVersion": "2010-09-09",
         "Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi",
                               "Properties": {"Name": {"Fn::Sub": "x-${AWS::Region}"},
                                              "Tags": [{"Key": "a", "Value": "b"}]}},
                       "Other": {"Type": "AWS::S3::Bucket"}}}
        """,
    "a macro's event": """\
        {"region": "us-east-1", "fragment": {"Resources": {"A": {"Type": "AWS::S3::Bucket"}}},
         "params": {"Count": 2}}
        """,
    "headers without a Resources map": """\

        AWSTemplateFormatVersion: "2010-09-09"
        Resources: [a, b]
        """,
    "ends with comments and blank lines": """\
        Resources:
          First:
            Type: AWS::S3::Bucket

          # about the second
          Second: {Type: AWS::S3::Bucket, Properties: {BucketName: b}}
          Third: !If [Cond, {Type: AWS::S3::Bucket}, !Ref AWS::NoValue]
        Outputs:
          Out: {Value: !Ref First}
        """,
}


@pytest.mark.parametrize("name", SHAPES)
def test_shapes_decode_as_cfn_lint_decodes_them(name):
    text = textwrap.dedent(SHAPES[name])
    fast = cloudformation_fast.parse(text)
    assert fast is not None
    _same(fast, cloudformation.parse_with_cfn_lint(text))
    # what is not a template: an error only for one with a template's headers
    assert bool(fast["errors"]) == ("headers" in name)


LEFT_TO_CFN_LINT = {
    "alias": "Resources:\n  A: &a {Type: AWS::S3::Bucket}\n  B: *a\n",
    "merge key": "Resources:\n  A: {Type: AWS::S3::Bucket}\n  B:\n    <<: {Type: AWS::S3::Bucket}\n",
    "duplicate key": "Resources:\n  A: {Type: AWS::S3::Bucket}\n  A: {Type: AWS::SQS::Queue}\n",
    "duplicate in a function": "Resources:\n  A:\n    Type: !Sub {x: 1, x: 2}\n",
    "null key": "Resources:\n  A: {Type: AWS::S3::Bucket, ~: 1}\n",
    "date key": "Resources:\n  A: {Type: AWS::S3::Bucket, 2020-01-01: 1}\n",
    "equal keys of two kinds": "Resources:\n  A: {Type: AWS::S3::Bucket, 1: a, '1': b}\n",
    "getatt map": "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: {X: !GetAtt {a: b}}\n",
    "no date": "Resources:\n  A: {Type: AWS::S3::Bucket, Properties: {D: 2020-13-45}}\n",
    "python tag": "Resources:\n  A: !!python/name:os.system {Type: AWS::S3::Bucket}\n",
    "set": "Resources:\n  A: {Type: AWS::S3::Bucket, Properties: {S: !!set {a, b}}}\n",
    "two documents": "Resources:\n  A: {Type: AWS::S3::Bucket}\n---\nResources: {}\n",
    "broken YAML": "Resources:\n  A: {Type: AWS::S3::Bucket\n",
    "equal keys, one a boolean": "Resources:\n  A: {Type: AWS::S3::Bucket, 1: a, true: b}\n",
    "a key longer than YAML allows": '{"Resources": {"A": {"Type": "AWS::S3::Bucket", '
                                     '"Properties": {"%s": 1}}}}' % ("k" * 1100),

    "a list at the top": "- Resources: {}\n",
    "no Resources map": "AWSTemplateFormatVersion: '2010-09-09'\nResources: !Ref X\n",
    "empty": "",
}


@pytest.mark.parametrize("name", LEFT_TO_CFN_LINT)
def test_what_cfn_lint_treats_its_own_way_is_left_to_it(name):
    text = LEFT_TO_CFN_LINT[name]
    assert cloudformation_fast.parse(text) is None
    assert cloudformation.parse(text) == cloudformation.parse_with_cfn_lint(text)


def test_a_common_template_is_read_without_importing_cfn_lint():
    """The point of the fast decoder: cfn-lint costs about a second to import."""
    code = ("import sys; from compliance.parse import cloudformation as c; "
            "r = c.parse(sys.stdin.read()); print(len(r['template']['Resources']), "
            "'cfnlint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], input=(
        ROOT / "examples/sam/template.yaml").read_text(), capture_output=True, text=True,
        check=True).stdout.split()
    assert int(out[0]) > 3 and out[1] == "False"
    out = subprocess.run([sys.executable, "-c", code], input=LEFT_TO_CFN_LINT["alias"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["2", "True"]
