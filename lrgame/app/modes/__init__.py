"""One module per screen mode and overlay (see lrgame/app/mode.py for their protocol)."""
