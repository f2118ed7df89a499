"""responder: answer HMICFRS inspection reports on time, as section 55 of the Police Act 1996 asks."""

__version__ = "0.1.0"
