from bragdoc.app import main

raise SystemExit(main())
