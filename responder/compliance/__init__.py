"""Is the response lawful, complete and fit to publish: every check `check` reports, the checks that
depend on the day, and findings raised before in earlier reports on the same force.

Imports ``law`` and ``response``; never drafting, render or anything above.
"""
