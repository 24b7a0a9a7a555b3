"""`python -m treatyreg`: the `treatyreg` command, for an environment whose scripts folder
is not on PATH (`python -m treatyreg validate data/`)."""

from treatyreg._entry import main

if __name__ == "__main__":  # importing it (a documentation tool does) runs nothing
    raise SystemExit(main())
