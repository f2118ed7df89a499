"""After publication: the register of findings tracked to done (`track`), the walk through it at a
terminal, and the committee's progress paper.

The highest layer but the folder commands and the command line.
"""
