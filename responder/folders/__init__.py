"""Commands over a whole folder of responses: `status`, the manager's morning look.

May import any package below it; only ``cli`` imports it.
"""
