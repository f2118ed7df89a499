"""Drafting the response: a new file, the office profile, the interview at the terminal (the only
package that imports questionary) and its agenda.

Imports ``render`` (for the letter's drafted text), ``compliance``, ``law`` and ``response``.
"""
