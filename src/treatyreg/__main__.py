"""`python -m treatyreg`: the `treatyreg` command, for an environment whose scripts folder
is not on PATH (`python -m treatyreg validate data/`)."""

from treatyreg._entry import main

raise SystemExit(main())
