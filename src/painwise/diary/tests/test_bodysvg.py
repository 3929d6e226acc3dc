from __future__ import annotations

from painwise.diary.bodymap import body_map
from painwise.diary.bodysvg import MIN_UNITS, SHAPES, intensity_class, region_heat, views


def test_every_region_of_the_body_map_has_a_shape_and_nothing_else_does() -> None:
    assert set(SHAPES) == {r.id for r in body_map().regions}


def test_each_region_is_drawn_once_on_its_own_view() -> None:
    front, back = views()
    assert {r.id for r in front.regions} == {r.id for r in body_map().regions if r.view == "front"}
    assert {r.id for r in back.regions} == {r.id for r in body_map().regions if r.view == "back"}


def test_left_is_on_the_viewers_right_from_the_front_and_on_the_left_from_behind() -> None:
    def x(region: str) -> float:
        return SHAPES[region][1][0]

    assert x("knee_left") > x("knee_right")
    assert x("calf_left") < x("calf_right")


def test_the_heat_of_a_region_is_its_mean_on_the_days_it_was_marked() -> None:
    heat = region_heat([{"knee_left": 6}, {"knee_left": 3, "head": 1}, {}])
    assert (heat["knee_left"].days, heat["knee_left"].mean) == (2, 4.5)
    assert (heat["heel_right"].days, heat["heel_right"].mean) == (0, None)
    assert intensity_class(heat["knee_left"].mean) == "i4"
    assert intensity_class(None) == "unset"


def test_every_region_is_at_least_the_minimum_target_in_both_directions() -> None:
    def size(shape: tuple[str, tuple[float, ...]]) -> tuple[float, float]:
        kind, numbers = shape
        return (numbers[2], numbers[3]) if kind == "rect" else (2 * numbers[2], 2 * numbers[3])

    small = {region: size(shape) for region, shape in SHAPES.items() if min(size(shape)) < MIN_UNITS}
    assert small == {}
