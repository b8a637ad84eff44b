"""jjn-ledger: the books of village "救急难" mutual-aid societies.

The package is split by job: ``chart`` and ``policy`` read the data files, ``models`` validates
what comes in, ``book`` reads a society's profile out of its ledger, ``rules`` holds one module
per policy rule, and the Beancount plugins, CLI, reports and Fava extension all call those.
"""

__version__ = "0.1.0"
