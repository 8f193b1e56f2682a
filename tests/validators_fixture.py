"""pytest plugin: the session-scoped ``validators`` fixture (the independent validators of each
output format, installed by tools/validators/install.sh from Maven Central and npm).

Registered by ``pytest_plugins`` in tests/conftest.py. If they cannot be installed (no java, mvn,
npm or registry), the tests that use them are skipped with the reason, unless
FENGONG_REQUIRE_VALIDATORS=1 (as in CI), which makes that a test failure instead.
"""

from __future__ import annotations

import os

import pytest

from fengong.testing.validators import Validators, ValidatorsUnavailable


@pytest.fixture(scope="session")
def validators() -> Validators:
    """The installed :class:`~fengong.testing.validators.Validators`."""
    try:
        return Validators.install()
    except (ValidatorsUnavailable, OSError) as exc:
        if os.environ.get("FENGONG_REQUIRE_VALIDATORS") == "1":
            pytest.fail(
                f"the validators could not be installed and FENGONG_REQUIRE_VALIDATORS=1:\n{exc}", pytrace=False
            )
        pytest.skip(
            f"no validators ({str(exc).splitlines()[0]}); set FENGONG_REQUIRE_VALIDATORS=1 to make this a failure"
        )
