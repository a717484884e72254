"""Load only the parts of a prebuilt provider that the constructs use.

A prebuilt provider package's `__init__.py` imports all of its submodules (2,212 for AWS) before
any one is used: about 7 s of Python per provider. The submodules need only the package's `_jsii`
module (which loads the provider's JavaScript into Node), so registering the package as a plain
namespace-like module first lets `import cdktf_cdktf_provider_aws.s3_bucket` load just that
submodule. tests/test_lazy_providers.py proves the output is byte-for-byte what the plain import
gives. Set PLINTH_EAGER_PROVIDERS=1 to use the plain import.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types

PROVIDERS = ("cdktf_cdktf_provider_aws", "cdktf_cdktf_provider_google", "cdktf_cdktf_provider_azurerm")


def install() -> None:
    if os.environ.get("PLINTH_EAGER_PROVIDERS"):
        return
    for name in PROVIDERS:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        module = types.ModuleType(name, f"{name}, loaded one submodule at a time by plinth")
        module.__path__ = list(spec.submodule_search_locations)
        module.__file__ = spec.origin
        module.__spec__ = spec
        module.__package__ = name
        sys.modules[name] = module
