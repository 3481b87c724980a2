"""The scenario: typed model, loader and region tables."""

from ucj_opt.scenario.loader import compose, load_scenario, parse_set, scenario_from_dict
from ucj_opt.scenario.model import Scenario
from ucj_opt.scenario.tables import Tables

__all__ = ["Scenario", "Tables", "compose", "load_scenario", "parse_set", "scenario_from_dict"]
