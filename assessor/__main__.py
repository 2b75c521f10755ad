try:  # Ctrl-C during the first imports is still exit 130, never a traceback
    from assessor.cli.main import run
except KeyboardInterrupt:
    raise SystemExit(130) from None

raise SystemExit(run())
