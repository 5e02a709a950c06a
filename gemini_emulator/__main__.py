"""`python -m gemini_emulator [--port 8765]`: the emulator in the foreground until Ctrl-C."""

from __future__ import annotations

from .server import main

raise SystemExit(main())
