"""Allocating regional budgets to vulnerable workers' JKK+JKM premiums: an LP built as
arrays, solved by HiGHS (directly or through PuLP), explained in planner units."""

from ucj_opt.allocate.backends import Status
from ucj_opt.allocate.formulation import Formulation, build
from ucj_opt.allocate.result import Allocation
from ucj_opt.allocate.solve import solve, solve_tables
from ucj_opt.scenario.premiums import monthly_premium, yearly_premium

__all__ = [
    "Allocation",
    "Formulation",
    "Status",
    "build",
    "monthly_premium",
    "solve",
    "solve_tables",
    "yearly_premium",
]
