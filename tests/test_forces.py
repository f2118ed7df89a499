"""The local policing bodies: data, checked against the bodies in office in 2026."""

from __future__ import annotations

from responder.importing.forces import FORCES, body_for, find_force


def test_every_territorial_force_of_england_and_wales_has_a_body():
    names = set(FORCES) - {"Hampshire Constabulary"}  # the former name of Hampshire and IoW
    assert len(names) == 43
    assert all(body.strip() for body in FORCES.values())


def test_mayors_who_took_over_commissioners_functions():
    assert body_for("North Yorkshire Police") == (
        "York and North Yorkshire Combined Authority (Mayor of York and North Yorkshire)")
    assert body_for("South Yorkshire Police") == (
        "South Yorkshire Mayoral Combined Authority (Mayor of South Yorkshire)")
    assert "Mayor of Greater Manchester" in body_for("Greater Manchester Police")
    assert "Mayor of West Yorkshire" in body_for("West Yorkshire Police")
    assert body_for("Metropolitan Police Service").startswith("Mayor's Office for Policing and Crime")


def test_fire_and_rescue_commissioners():
    for force in ("Essex Police", "Northamptonshire Police", "Staffordshire Police",
                  "Cumbria Constabulary"):
        assert body_for(force).startswith("Office of the Police, Fire and Crime Commissioner")


def test_a_force_not_in_the_list_gets_a_commissioner_to_check():
    assert body_for("Northmoor Police") == "Office of the Police and Crime Commissioner for Northmoor"
    assert find_force(["An inspection of South Yorkshire Police"]) == "South Yorkshire Police"
