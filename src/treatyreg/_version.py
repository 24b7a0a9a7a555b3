"""The version, in one place: hatchling reads it for the package's metadata, and
`treatyreg --version` prints it without importing anything else."""

__version__ = "0.1.0.dev0"
