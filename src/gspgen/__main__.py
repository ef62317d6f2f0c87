"""``python -m gspgen`` (and ``torchrun -m gspgen train ...``) runs the CLI."""

from gspgen.cli import main

main()
