"""Exceptions of devstack.

StackError                 root: a service could not be installed, started or reached
 +-- MissingPackagesError  Debian packages are missing and we are not root to install them
"""


class StackError(Exception):
    """A private service could not be installed, started, stopped or reached."""


class MissingPackagesError(StackError):
    """Debian packages are needed; carries their names for the message to the user."""

    def __init__(self, packages: list[str]) -> None:
        names = " ".join(packages)
        super().__init__(
            f"missing Debian packages: {names}. Run as root, or install them first: "
            f"sudo apt-get update && sudo apt-get install -y {names}"
        )
        self.packages = packages
