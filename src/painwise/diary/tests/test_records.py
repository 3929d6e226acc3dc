"""The check-in and episode declarations (painwise.diary.records) agree with the model, API, form and files."""

from __future__ import annotations

from typing import Any, cast

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Field, Model

from painwise.core.fields import EncryptedJSONField, EncryptedTextField
from painwise.diary import records
from painwise.diary.forms import CheckInForm, EpisodeForm
from painwise.diary.models import CheckIn, PainEpisode
from painwise.diary.schemas import CheckInValues, EpisodeCreate, EpisodeOut, EpisodeUpdate
from painwise.exchange import formats
from painwise.insights.diary import COVARIATES, OUTCOMES
from painwise.nof1.wording import wording
from painwise.simulation import CHECKIN_FIELDS as SIMULATED_FIELDS


def _limits(model: type[Model], name: str) -> tuple[Any, Any]:
    validators = cast(Field[Any, Any], model._meta.get_field(name)).validators
    low = [v.limit_value for v in validators if isinstance(v, MinValueValidator)]
    high = [v.limit_value for v in validators if isinstance(v, MaxValueValidator)]
    return (low or [None])[0], (high or [None])[0]


def _check_model(model: type[Model], declared: Any) -> None:
    for field in declared:
        column = model._meta.get_field(field.name)
        if field.number:
            assert _limits(model, field.name) == (field.low, field.high), field.name
            assert column.null is not field.required, field.name
        encrypted = isinstance(column, EncryptedJSONField | EncryptedTextField)
        assert encrypted is field.sensitive, field.name


def test_every_checkin_field_is_a_model_column_with_the_declared_range_and_encryption() -> None:
    _check_model(CheckIn, records.CHECKIN)


def test_every_episode_field_is_a_model_column_with_the_declared_range_and_encryption() -> None:
    _check_model(PainEpisode, records.EPISODE)


def test_the_model_has_no_checkin_value_the_declaration_lacks() -> None:
    bookkeeping = {"id", "user", "day", "version", "field_versions", "created_at", "updated_at"}
    columns = {f.name for f in CheckIn._meta.concrete_fields} - bookkeeping
    assert columns == set(records.CHECKIN_FIELDS)


def test_the_api_schemas_carry_exactly_the_declared_fields() -> None:
    assert list(CheckInValues.model_fields) == list(records.CHECKIN_FIELDS)
    assert list(EpisodeCreate.model_fields) == list(records.EPISODE_FIELDS)
    assert list(EpisodeUpdate.model_fields) == ["version", *records.EPISODE_FIELDS]
    assert set(records.EPISODE_FIELDS) <= set(EpisodeOut.model_fields)


def test_the_forms_ask_with_the_declared_labels() -> None:
    form = CheckInForm(track_cycle=True)
    for field in records.CHECKIN:
        if field.kind != "regions":
            assert form.fields[field.name].label == field.label
    episode_form = EpisodeForm()
    assert [episode_form.fields[f.name].label for f in records.EPISODE if f.kind != "regions"] == [
        f.label for f in records.EPISODE if f.kind != "regions"]


def test_the_files_and_the_simulator_list_the_declared_fields() -> None:
    columns = {kind: tuple(c.name for c in formats.RECORD_COLUMNS[kind]) for kind in ("checkin", "episode")}
    assert columns["checkin"] == ("day", *records.CHECKIN_FIELDS, "created_at", "updated_at")
    assert columns["episode"] == (*records.EPISODE_FIELDS, "created_at")
    assert set(records.CHECKIN_FIELDS) <= set(formats.CSV_COLUMNS)
    # The file's record classes stay written out (for static types): they hold exactly the declared fields.
    assert set(formats.record_fields("checkin")) == {"day", *records.CHECKIN_FIELDS, "created_at", "updated_at"}
    assert set(formats.record_fields("episode")) == {*records.EPISODE_FIELDS, "created_at"}
    assert tuple(f.name for f in records.CHECKIN if f.number) == SIMULATED_FIELDS


def test_the_statistics_analyse_the_declared_outcomes_and_the_peg_score() -> None:
    outcomes = {f.name for f in records.CHECKIN if f.statistics == "outcome"}
    covariates = {f.name for f in records.CHECKIN if f.statistics == "covariate"}
    assert set(OUTCOMES) == outcomes | {"peg"}
    assert set(COVARIATES) == covariates


def test_the_statistics_outcome_scales_are_the_declared_ranges() -> None:
    """The insights wording file gives each outcome a scale (floor and ceiling checks); it must be the declared
    range of the field (for the PEG score, the range of its three items)."""
    fields = records.by_name(records.CHECKIN)
    for name in OUTCOMES:
        info = wording().outcomes[name]
        items = records.PEG_ITEMS if name == "peg" else (name,)
        assert {(fields[item].low, fields[item].high) for item in items} == {(info.scale_min, info.scale_max)}, name


def test_peg_score_is_the_mean_of_three_items_and_needs_all_of_them() -> None:
    assert records.peg_score(6, 5, 4) == 5.0
    assert records.peg_score(7, 5, 5) == 5.67
    assert records.peg_score(None, 5, 4) is None
    assert records.statistics_day({**dict.fromkeys(records.CHECKIN_FIELDS), "pain_average": 3,
                                   "peg_enjoyment": 3, "peg_activity": 6})["peg"] == 4.0
