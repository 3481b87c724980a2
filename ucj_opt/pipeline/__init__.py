"""Jobs that combine the allocation and the projection: the main job, sweeps, reports.

This is the only layer that imports both ``allocate`` and ``simulate``.
"""
