from assessor.cli.main import main

raise SystemExit(main())
