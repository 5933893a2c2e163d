"""The ECS view: container definitions read from their JSON, with lines."""

from __future__ import annotations

from compliance.model import Location, Resource, Unknown
from compliance.resolve.ecs import ecs_view
from compliance.resolve.terraform.origins import PartialText


def _task(value, lines=None) -> Resource:
    return Resource("terraform", "aws_ecs_task_definition", "x", "aws_ecs_task_definition.x",
                    {"family": "x", "container_definitions": value},
                    Location("main.tf", 1, 20), lines or {"container_definitions": 3})


def _containers(value, lines=None):
    (resource,) = ecs_view([_task(value, lines)])
    return resource.attributes["containers"], resource


def test_json_text_is_read():
    containers, resource = _containers('[{"name": "web", "privileged": true}]')
    assert containers == [{"name": "web", "privileged": True}]
    assert "containers" in resource.derived
    assert resource.line_of(("containers", 0, "privileged")) == 3


def test_jsonencode_keeps_key_lines_and_unknown_values():
    partial = [{"name": "web", "user": Unknown("var.user has no value")}]
    lines = {"container_definitions": 3, "container_definitions[0].name": 5,
             "container_definitions[0].user": 6}
    containers, resource = _containers(Unknown("var.user has no value", partial=partial),
                                       lines)
    assert containers[0]["name"] == "web" and isinstance(containers[0]["user"], Unknown)
    assert resource.line_of(("containers", 0, "user")) == 6
    assert resource.line_of(("containers", 0, "readonlyRootFilesystem")) == 5


def test_a_template_with_unknown_interpolations_is_read_around_them():
    text = PartialText("var.image has no value", text='[{"name": "web", "image": "${var.image}"}]')
    containers, _ = _containers(Unknown("var.image has no value", partial=text))
    assert containers[0]["name"] == "web" and isinstance(containers[0]["image"], Unknown)


def test_what_is_not_a_list_of_definitions_is_unknown():
    for value in ("not json", '{"name": "web"}', "[1, 2]", Unknown("var.defs has no value")):
        containers, _ = _containers(value)
        assert isinstance(containers, Unknown)


def test_other_resources_are_left_alone():
    other = Resource("terraform", "aws_ecs_service", "x", "aws_ecs_service.x", {},
                     Location("main.tf", 1, 2))
    assert ecs_view([other]) == [other]
