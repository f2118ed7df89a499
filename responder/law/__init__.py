"""The law section 55 sets: the 56-day rule, bank holidays, the events recorded (`record`), the
deadlines in words and in a calendar.

Pure: takes today as a parameter, reads no file. Imports only ``response`` and the ground modules.
"""
