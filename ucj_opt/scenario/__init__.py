"""The scenario: typed settings, region tables, and the Study that pairs them."""

from ucj_opt.scenario.composition import compose
from ucj_opt.scenario.loader import load_scenario, scenario_from_dict
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.set_paths import parse_set
from ucj_opt.scenario.study import Study, derive_tables
from ucj_opt.scenario.tables import Tables

__all__ = [
    "Scenario",
    "Study",
    "Tables",
    "compose",
    "derive_tables",
    "load_scenario",
    "parse_set",
    "scenario_from_dict",
]
