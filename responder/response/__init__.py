"""The response file and its safe keeping: the model, reading, validation, writing, autosave, locks,
and the three-way merge that keeps two people's answers.

The lowest layer of the package: it imports only the ground modules at the top of ``responder``
(errors, dates, config, cache, screen), never the law, drafting, render or anything above.
"""
