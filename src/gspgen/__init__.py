"""gspgen: expert sign-language dictionaries to a text-supervised sign recognizer (GSP-MC)."""

from gspgen.errors import GspgenError

__version__ = "0.1.0"
__all__ = ["GspgenError", "__version__"]
